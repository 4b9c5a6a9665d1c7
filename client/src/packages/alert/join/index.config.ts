export default definePageConfig({ navigationBarTitleText: '加入邻里群' });
