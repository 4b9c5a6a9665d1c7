import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PointsEntryResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchPointsHistory, fetchPointsSummary } from '../../../api/points';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { adminUnits, isProvider, shopUnits, signed } from '../helpers';
import '../points.scss';

export default function PointsHome() {
  return (
    <PageWrapper className='points-home'>
      <LoginGate>
        <Home />
      </LoginGate>
    </PageWrapper>
  );
}

const go = (url: string) => () => void Taro.navigateTo({ url });

function Home() {
  const { token, user } = useSession();
  const summary = useRequest(fetchPointsSummary, [token], { refreshOnShow: true, isEmpty: () => false });
  const first = useRequest(() => fetchPointsHistory(null), [token], { refreshOnShow: true, isEmpty: (p) => p.items.length === 0 });
  const [more, setMore] = useState<PointsEntryResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  if (summary.loading && !summary.data) return <Loading />;
  if (summary.error) return <ErrorState error={summary.error} onRetry={summary.reload} />;

  const handleMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await fetchPointsHistory(cursor);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toastError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const entries = [...(first.data?.items ?? []), ...more];
  return (
    <View>
      <View className='card' id='points-summary'>
        <Text className='muted'>我的积分</Text>
        <Text id='points-balance' className='points-balance'>
          {summary.data?.balance ?? 0}
        </Text>
        <Text className='muted points-line'>用户编号 {summary.data?.userId}（找管理员调整积分时请出示）</Text>
        <View className='btn-group'>
          <Button id='points-rewards-entry' className='btn' onClick={go(Routes.pointsRewards)}>
            积分兑换
          </Button>
          <Button id='points-codes-entry' className='btn btn--plain' onClick={go(Routes.pointsRedemptions)}>
            我的兑换码
          </Button>
        </View>
      </View>

      <View className='cells'>
        <View id='points-leaderboard-entry' className='cell cell--link' onClick={go(Routes.pointsLeaderboard)}>
          <Text className='cell__label'>积分排行榜</Text>
          <Text className='cell__value'>{summary.data?.leaderboardOptOut ? '已隐藏我的名字' : '社区、街道月榜'}</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        {isProvider(user) && (
          <View id='points-provider-entry' className='cell cell--link' onClick={go(Routes.pointsProvider)}>
            <Text className='cell__label'>核销兑换码</Text>
            <Text className='cell__value'>{shopUnits(user).length ? '扫码或输入，提供奖品' : '扫码或输入'}</Text>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        {adminUnits(user).length > 0 && (
          <>
            <View id='points-admin-rules-entry' className='cell cell--link' onClick={go(Routes.pointsAdminRules)}>
              <Text className='cell__label'>积分规则</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
            <View id='points-admin-rewards-entry' className='cell cell--link' onClick={go(Routes.pointsAdminRewards)}>
              <Text className='cell__label'>奖品管理</Text>
              <Text className='cell__value'>审核商户奖品</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
            <View id='points-admin-users-entry' className='cell cell--link' onClick={go(Routes.pointsAdminUsers)}>
              <Text className='cell__label'>积分调整与对账</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </>
        )}
      </View>

      <Text className='section-title'>积分明细</Text>
      {first.loading && !first.data && <Loading />}
      {first.error && <ErrorState error={first.error} onRetry={first.reload} />}
      {first.empty && <Empty message='还没有积分记录' description='上报的问题被立案、完成值守、提供有用线索都能获得积分' />}
      <View id='points-history'>
        {entries.map((e) => (
          <View key={e.id} id={`points-entry-${e.id}`} className='card points-entry'>
            <View className='row row--between'>
              <Text className='card__title grow'>{e.reason}</Text>
              <Text className={`points-amount ${e.amount >= 0 ? 'points-amount--plus' : 'points-amount--minus'}`}>{signed(e.amount)}</Text>
            </View>
            <Text className='muted points-line'>
              {formatDateTime(e.createdAt)} · 余额 {e.balanceAfter}
              {e.reversed ? ' · 已冲正' : ''}
            </Text>
          </View>
        ))}
      </View>
      {cursor && (
        <Button id='points-history-more' className={`btn btn--plain${loadingMore ? ' btn--disabled' : ''}`} loading={loadingMore} disabled={loadingMore} onClick={handleMore}>
          加载更多
        </Button>
      )}
      <Text className='muted points-note'>积分只来自经核实的贡献（问题被立案、值守完成、线索有用），分享不得积分；积分只能兑换社区和商户提供的奖品，不能兑换现金。上报被认定为重复或不实时，相应积分会被收回。</Text>
    </View>
  );
}
