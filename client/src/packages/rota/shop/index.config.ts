export default definePageConfig({ navigationBarTitleText: '我的商户' });
