export default definePageConfig({ navigationBarTitleText: '轮值管理' });
