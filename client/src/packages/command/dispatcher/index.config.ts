export default definePageConfig({ navigationBarTitleText: '街道指挥中心', enablePullDownRefresh: true });
