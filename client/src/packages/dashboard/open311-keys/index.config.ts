export default definePageConfig({ navigationBarTitleText: '开放数据接口' });
