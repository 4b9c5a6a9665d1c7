export default definePageConfig({ navigationBarTitleText: '免值守申请' });
