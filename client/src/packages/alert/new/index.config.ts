export default definePageConfig({ navigationBarTitleText: '发布警情' });
