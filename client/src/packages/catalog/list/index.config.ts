export default definePageConfig({ navigationBarTitleText: '类别目录' });
