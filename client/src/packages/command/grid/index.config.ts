export default definePageConfig({ navigationBarTitleText: '网格待办', enablePullDownRefresh: true });
