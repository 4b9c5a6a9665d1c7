import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { fetchMyRedemptions } from '../../../api/points';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { formatDateTime } from '../../../utils/format';
import { REDEMPTION_TAG } from '../helpers';
import '../points.scss';

export default function RedemptionsPage() {
  return (
    <PageWrapper className='points-redemptions'>
      <LoginGate>
        <Codes />
      </LoginGate>
    </PageWrapper>
  );
}

function Codes() {
  const { token } = useSession();
  const list = useRequest(fetchMyRedemptions, [token], { refreshOnShow: true });
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.empty) {
    return <Empty message='还没有兑换记录' actionText='去兑换' onAction={() => void Taro.navigateTo({ url: Routes.pointsRewards })} />;
  }
  return (
    <View id='redemptions-list'>
      {(list.data ?? []).map((r) => (
        <View key={r.id} id={`redemption-${r.id}`} className='card points-code' onClick={() => void Taro.navigateTo({ url: `${Routes.pointsRedemption}?id=${r.id}` })}>
          <View className='row row--between'>
            <Text className='card__title grow'>{r.rewardTitle}</Text>
            <Text className={`tag ${REDEMPTION_TAG[r.status]}`}>{r.statusLabel}</Text>
          </View>
          <Text className='points-line'>兑换码 {r.codeDisplay}</Text>
          <Text className='muted points-line'>
            {r.cost} 积分 · {r.pickupPlace} · {r.status === 'issued' ? `${formatDateTime(r.expiresAt)} 前领取` : formatDateTime(r.fulfilledAt ?? r.createdAt)}
          </Text>
        </View>
      ))}
    </View>
  );
}
