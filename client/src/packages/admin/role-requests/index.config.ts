export default definePageConfig({ navigationBarTitleText: '身份审核' });
