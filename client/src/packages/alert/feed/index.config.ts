export default definePageConfig({ navigationBarTitleText: '警情通报', enablePullDownRefresh: true });
