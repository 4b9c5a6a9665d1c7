import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { UserResponse } from '@linli/shared';
import { fetchReviewQueue } from '../../api/admin';
import { fetchMe } from '../../api/me';
import PageWrapper from '../../components/PageWrapper';
import { IS_WEAPP } from '../../constants/env';
import { useLoginAction } from '../../hooks/useLoginAction';
import { Routes } from '../../constants/routes';
import { useRequest } from '../../hooks/useRequest';
import { useSession } from '../../hooks/useSession';
import { lastPlaceStore } from '../../stores/settings';
import { roleLabels } from '../../utils/format';
import { canModerate, canReadAuditLog, staffGrants } from '../../utils/roles';
import StaffUnitCard from './components/StaffUnitCard';
import RotaEntry from './components/RotaEntry';
import AlertEntry from './components/AlertEntry';
import TicketEntries from './components/TicketEntries';
import OpenDataEntries from './components/OpenDataEntries';
import './index.scss';

const go = (url: string) => () => Taro.navigateTo({ url });

export default function Home() {
  const session = useSession();
  // Refresh roles and abilities each time home is shown (an approval may have happened meanwhile).
  useRequest(fetchMe, [session.token], { enabled: session.loggedIn, refreshOnShow: true });
  const user = session.loggedIn ? session.user : null;

  return (
    <PageWrapper className='home'>
      {user ? <Greeting user={user} /> : <Welcome />}
      {user && !user.abilities.isStaff && <MyGrid />}
      {user && <TicketEntries user={user} />}
      <OpenDataEntries user={user} />
      {user && staffGrants(user).length > 0 && (
        <View>
          <Text className='section-title'>我的辖区</Text>
          {staffGrants(user).map((g) => (
            <StaffUnitCard key={`${g.role}-${g.unit.id}`} grant={g} />
          ))}
        </View>
      )}
      {user && (user.abilities.manageUnits || user.abilities.reviewRoleRequests || canModerate(user)) && <AdminEntries user={user} />}

      <AlertEntry user={user} />
      <RotaEntry user={user} />
      <Text className='section-title'>常用功能</Text>
      <View className='cells'>
        <View id='home-locate-entry' className='cell cell--link' onClick={go(Routes.locate)}>
          <View className='cell__label'>
            <Text className='home__entry-title'>辖区查询</Text>
            <Text className='muted home__entry-desc'>查看某个位置属于哪个网格、社区和街道</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
        {user && (
          <View id='home-role-request-entry' className='cell cell--link' onClick={go(Routes.roleRequest)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>我的申请</Text>
              <Text className='muted home__entry-desc'>申请楼栋长、商户、网格员等身份，查看审核进度</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
      </View>
    </PageWrapper>
  );
}

function Welcome() {
  const { busy, handleLogin } = useLoginAction();
  return (
    <View className='card home__welcome' id='home-welcome'>
      <Text className='h1'>欢迎来到邻里</Text>
      <Text className='home__welcome-text'>
        邻里是社区网格化治理的服务平台：查询您所在的网格、社区和街道，申请楼栋长、商户等身份，和网格员一起把身边的事办好。
      </Text>
      <Text className='muted'>不登录也可以使用辖区查询。</Text>
      <Button id='home-login' className={`btn home__login${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleLogin}>
        {IS_WEAPP ? '微信登录' : '登录'}
      </Button>
    </View>
  );
}

function Greeting({ user }: { user: UserResponse }) {
  return (
    <View className='card home__greeting'>
      <Text id='home-greeting' className='h1'>
        您好，{user.nickname}
      </Text>
      <View className='row home__roles'>
        <Text className='muted'>身份：</Text>
        <Text id='home-role' className='home__role'>
          {roleLabels(user)}
        </Text>
      </View>
    </View>
  );
}

function MyGrid() {
  const place = lastPlaceStore.get();
  const r = place?.result;
  return (
    <View className='card' id='home-my-grid'>
      <Text className='card__title'>我的网格</Text>
      {r?.inside && r.grid ? (
        <View>
          <Text className='home__grid-name'>{r.grid.name}</Text>
          <Text className='muted home__grid-path'>
            {[r.community?.name, r.street?.name, r.district?.name].filter(Boolean).join(' · ')}
          </Text>
          <Text className='muted'>根据您上次的辖区查询结果</Text>
        </View>
      ) : (
        <Text className='card__desc'>还不知道您所在的网格。用“辖区查询”定位一次，这里就会显示。</Text>
      )}
      <Button className='btn btn--plain home__grid-btn' onClick={go(Routes.locate)}>
        {r?.inside ? '重新定位' : '去定位'}
      </Button>
    </View>
  );
}

function AdminEntries({ user }: { user: UserResponse }) {
  const queue = useRequest(fetchReviewQueue, [user.id], { enabled: user.abilities.reviewRoleRequests, refreshOnShow: true });
  const pending = queue.data?.length ?? 0;
  return (
    <View>
      <Text className='section-title'>管理</Text>
      <View className='cells'>
        {user.abilities.manageUnits && (
          <View id='admin-units-entry' className='cell cell--link' onClick={go(Routes.adminUnits)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>辖区管理</Text>
              <Text className='muted home__entry-desc'>浏览辖区树，导入区划 CSV 和网格边界 GeoJSON</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        {user.abilities.reviewRoleRequests && (
          <View id='admin-review-entry' className='cell cell--link' onClick={go(Routes.adminRoleRequests)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>身份审核</Text>
              <Text className='muted home__entry-desc'>审核辖区内居民提交的身份申请</Text>
            </View>
            {queue.loading ? (
              <Text className='cell__value'>…</Text>
            ) : queue.error ? (
              <Text className='cell__value'>待审核数量加载失败</Text>
            ) : (
              <Text id='admin-review-pending' className={`tag ${pending > 0 ? 'tag--pending' : 'tag--neutral'}`}>
                待审核 {pending} 条
              </Text>
            )}
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        {canModerate(user) && (
          <View id='moderation-entry' className='cell cell--link' onClick={go(Routes.moderationQueue)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>内容审核</Text>
              <Text className='muted home__entry-desc'>处理举报、机器复核和检测超时的内容</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        {canReadAuditLog(user) && (
          <View id='audit-log-entry' className='cell cell--link' onClick={go(Routes.auditLogs)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>操作日志</Text>
              <Text className='muted home__entry-desc'>辖区内的审核、导入和内容处理记录</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
      </View>
    </View>
  );
}
