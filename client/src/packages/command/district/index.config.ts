export default definePageConfig({ navigationBarTitleText: '区指挥中心', enablePullDownRefresh: true });
