// Compile-time only (see WECHAT.md): no imports of runtime code here.
export default defineAppConfig({
  // Tab pages and the login page stay in the main package; everything else is a sub-package.
  pages: ['pages/home/index', 'pages/me/index', 'pages/login/index'],
  subPackages: [
    {
      root: 'packages/alert',
      pages: ['feed/index', 'detail/index', 'new/index', 'reach/index', 'groups/index', 'group/index', 'join/index', 'tip-new/index', 'tip/index', 'tips/index'],
    },
    {
      root: 'packages/rota',
      pages: ['my-duty/index', 'swap/index', 'exemption/index', 'shop/index', 'roster/index', 'manage/index', 'rota/index'],
    },
    {
      root: 'packages/account',
      pages: ['profile/index', 'my-data/index', 'role-request/index', 'settings/index', 'privacy/index'],
    },
    {
      root: 'packages/admin',
      pages: ['units/index', 'role-requests/index'],
    },
    {
      root: 'packages/catalog',
      pages: ['list/index', 'edit/index', 'history/index'],
    },
    {
      root: 'packages/units',
      pages: ['locate/index'],
    },
    {
      root: 'packages/notification',
      pages: ['inbox/index', 'subscriptions/index'],
    },
    {
      root: 'packages/moderation',
      pages: ['queue/index', 'audit/index'],
    },
    {
      root: 'packages/ticket',
      pages: ['report/index', 'mine/index', 'detail/index'],
    },
    {
      root: 'packages/command',
      pages: ['dispatcher/index', 'grid/index', 'department/index', 'district/index', 'entry/index'],
    },
    {
      root: 'packages/dashboard',
      pages: ['index/index', 'open311-keys/index'],
    },
    {
      root: 'packages/board',
      pages: ['index/index'],
    },
    {
      root: 'packages/points',
      pages: [
        'home/index',
        'rewards/index',
        'reward/index',
        'redemptions/index',
        'redemption/index',
        'leaderboard/index',
        'provider/index',
        'reward-edit/index',
        'admin-rules/index',
        'admin-rewards/index',
        'admin-users/index',
      ],
    },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['packages/units'] },
    'pages/me/index': { network: 'all', packages: ['packages/account', 'packages/notification'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '邻里',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f2f4f7',
  },
  tabBar: {
    color: '#5f6368',
    selectedColor: '#1a73e8',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
  // WeChat privacy: privacy APIs wait for onNeedPrivacyAuthorization (see components/PrivacyPopup).
  __usePrivacyCheck__: true,
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于确定您所在的网格，方便上报问题和查询辖区' },
  },
  style: 'v2',
});
