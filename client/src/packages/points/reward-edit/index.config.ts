export default definePageConfig({ navigationBarTitleText: '提供奖品' });
