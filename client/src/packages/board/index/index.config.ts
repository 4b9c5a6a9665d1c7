export default definePageConfig({ navigationBarTitleText: '身边的事' });
