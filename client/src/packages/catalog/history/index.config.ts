export default definePageConfig({ navigationBarTitleText: '版本历史' });
