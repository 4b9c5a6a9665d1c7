import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { fetchPointsSummary, fetchRewards } from '../../../api/points';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { formatDate } from '../helpers';
import '../points.scss';

export default function RewardsPage() {
  return (
    <PageWrapper className='points-rewards'>
      <LoginGate>
        <Catalogue />
      </LoginGate>
    </PageWrapper>
  );
}

function Catalogue() {
  const { token } = useSession();
  const rewards = useRequest(() => fetchRewards(), [token], { refreshOnShow: true });
  const summary = useRequest(fetchPointsSummary, [token], { refreshOnShow: true, isEmpty: () => false });

  if (rewards.loading && !rewards.data) return <Loading />;
  if (rewards.error) return <ErrorState error={rewards.error} onRetry={rewards.reload} />;
  return (
    <View>
      <Text className='section-title' id='rewards-balance'>
        我的积分：{summary.data?.balance ?? '—'} · 社区服务中心和商户提供的奖品
      </Text>
      {rewards.empty && <Empty message='暂时没有可兑换的奖品' description='社区和商户上架奖品后会显示在这里' />}
      <View id='rewards-list'>
        {(rewards.data ?? []).map((r) => (
          <View
            key={r.id}
            id={`reward-${r.id}`}
            className='card points-reward'
            onClick={() => void Taro.navigateTo({ url: `${Routes.pointsReward}?id=${r.id}` })}
          >
            <View className='row row--between'>
              <Text className='card__title grow'>{r.title}</Text>
              <Text className='points-cost'>{r.cost} 积分</Text>
            </View>
            <Text className='muted points-line'>
              {r.providerLabel} · {r.providerName}
              {r.unitName ? ` · ${r.unitName}` : ''}
            </Text>
            <Text className='muted points-line'>
              剩余 {r.stockLeft} 件 · 每人限兑 {r.perUserLimit} 件 · {formatDate(r.validUntil)} 截止
            </Text>
            {r.stockLeft === 0 && <Text className='tag tag--neutral points-line'>已兑完</Text>}
          </View>
        ))}
      </View>
    </View>
  );
}
