import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { logout } from '../../api/auth';
import { fetchMe } from '../../api/me';
import { fetchUnreadCount } from '../../api/notifications';
import Avatar from '../../components/Avatar';
import PageWrapper from '../../components/PageWrapper';
import { IS_WEAPP } from '../../constants/env';
import { useLoginAction } from '../../hooks/useLoginAction';
import { Routes } from '../../constants/routes';
import { canModerate, canReadAuditLog } from '../../utils/roles';
import { useRequest } from '../../hooks/useRequest';
import { useSession } from '../../hooks/useSession';
import { confirm } from '../../utils/feedback';
import PointsCell from './components/PointsCell';
import CatalogCell from './components/CatalogCell';
import './index.scss';

const go = (url: string) => () => Taro.navigateTo({ url });

function Cell({ id, label, value, url }: { id?: string; label: string; value?: string; url: string }) {
  return (
    <View id={id} className='cell cell--link' onClick={go(url)}>
      <Text className='cell__label'>{label}</Text>
      {value && <Text className='cell__value'>{value}</Text>}
      <Text className='cell__arrow'>›</Text>
    </View>
  );
}

export default function Me() {
  const session = useSession();
  useRequest(fetchMe, [session.token], { enabled: session.loggedIn, refreshOnShow: true });
  const unread = useRequest(fetchUnreadCount, [session.token], { enabled: session.loggedIn, refreshOnShow: true, isEmpty: () => false });
  const user = session.loggedIn ? session.user : null;
  const { busy, handleLogin } = useLoginAction();

  const handleLogout = async () => {
    if (!(await confirm('退出登录', '退出后，本机保存的登录状态和定位记录将被清除。'))) return;
    await logout();
    void Taro.showToast({ title: '已退出登录', icon: 'none' });
  };

  return (
    <PageWrapper className='me'>
      {user ? (
        <View className='card me__header' id='me-header'>
          <Avatar avatarUrl={user.avatarUrl} nickname={user.nickname} />
          <View className='grow'>
            <Text id='me-nickname' className='me__name'>
              {user.nickname}
            </Text>
            <Text className='muted me__line'>{user.phoneMasked ? `手机号 ${user.phoneMasked}` : '未绑定手机号'}</Text>
            <View className='me__roles'>
              {user.roles.map((r) => (
                <Text key={`${r.role}-${r.unit?.id ?? 0}`} className='tag tag--accent me__role'>
                  {r.roleLabel}
                  {r.unit ? ` · ${r.unit.name}` : ''}
                </Text>
              ))}
            </View>
          </View>
        </View>
      ) : (
        <View className='card'>
          <Text className='card__title'>尚未登录</Text>
          <Text className='card__desc'>登录后可以管理个人资料、申请身份、查看和导出您的数据。</Text>
          <Button id='me-login' className={`btn me__login${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleLogin}>
            {IS_WEAPP ? '微信登录' : '登录'}
          </Button>
        </View>
      )}

      {user && <PointsCell />}

      {user && (
        <View className='cells'>
          <Cell id='me-inbox-entry' label='消息' value={unread.data?.count ? `${unread.data.count} 条未读` : '暂无未读'} url={Routes.inbox} />
          <Cell id='me-subscriptions-entry' label='消息订阅' value='微信提醒设置' url={Routes.subscriptions} />
          <Cell id='me-profile-entry' label='个人资料' value='头像、昵称、手机号' url={Routes.profile} />
          <Cell id='me-role-request-entry' label='我的申请' value='身份申请与进度' url={Routes.roleRequest} />
          <Cell id='me-data-entry' label='我的数据' value='查看、导出、注销' url={Routes.myData} />
        </View>
      )}

      {user && (user.abilities.manageUnits || user.abilities.reviewRoleRequests || canModerate(user)) && (
        <View className='cells'>
          {user.abilities.manageUnits && <Cell id='me-admin-units-entry' label='辖区管理' url={Routes.adminUnits} />}
          {user.abilities.reviewRoleRequests && (
            <Cell id='me-admin-review-entry' label='身份审核' url={Routes.adminRoleRequests} />
          )}
          {canModerate(user) && <Cell id='me-moderation-entry' label='内容审核' url={Routes.moderationQueue} />}
          {canReadAuditLog(user) && <Cell id='me-audit-log-entry' label='操作日志' url={Routes.auditLogs} />}
        </View>
      )}

      {user && <CatalogCell />}

      <View className='cells'>
        <Cell id='me-settings-entry' label='设置' value='长辈模式、关于' url={Routes.settings} />
        <Cell id='me-privacy-entry' label='隐私政策' url={Routes.privacy} />
      </View>

      {user && (
        <Button id='me-logout' className='btn btn--danger-plain' onClick={handleLogout}>
          退出登录
        </Button>
      )}
    </PageWrapper>
  );
}
