export default definePageConfig({ navigationBarTitleText: '我的邻里群' });
