export default definePageConfig({ navigationBarTitleText: '奖品详情' });
