export default definePageConfig({ navigationBarTitleText: '录入工单' });
