export default definePageConfig({ navigationBarTitleText: '轮值表', enableShareAppMessage: true });
