export default definePageConfig({ navigationBarTitleText: '邻里群', enableShareAppMessage: true });
