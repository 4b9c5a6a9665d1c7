export default definePageConfig({ navigationBarTitleText: '编辑类别' });
