export default definePageConfig({ navigationBarTitleText: '轮值详情' });
