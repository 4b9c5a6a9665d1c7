export default definePageConfig({ navigationBarTitleText: '提供线索' });
