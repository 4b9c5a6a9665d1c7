export default definePageConfig({ navigationBarTitleText: '送达和确认' });
