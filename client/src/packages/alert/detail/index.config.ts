export default definePageConfig({ navigationBarTitleText: '警情详情' });
