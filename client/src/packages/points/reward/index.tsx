import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { fetchPointsSummary, fetchReward, newClientKey, redeemReward } from '../../../api/points';
import { ApiError } from '../../../api/request';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import '../points.scss';

export default function RewardPage() {
  return (
    <PageWrapper className='points-reward-page'>
      <LoginGate>
        <Reward />
      </LoginGate>
    </PageWrapper>
  );
}

function Reward() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { token } = useSession();
  const reward = useRequest(() => fetchReward(id), [token, id], { enabled: id > 0, isEmpty: () => false });
  const summary = useRequest(fetchPointsSummary, [token], { isEmpty: () => false });
  const [busy, setBusy] = useState(false);
  // One key per confirmed redemption: a retry after a network failure reuses it (the server answers
  // with the first redemption), a new confirmation gets a new one.
  const pendingKey = useRef<string | null>(null);

  if (!(id > 0)) return <ErrorState error={new Error('缺少奖品编号')} />;
  if (reward.loading && !reward.data) return <Loading />;
  if (reward.error) return <ErrorState error={reward.error} onRetry={reward.reload} />;
  const r = reward.data!;
  const balance = summary.data?.balance ?? 0;
  const reason = !r.redeemable
    ? r.stockLeft === 0
      ? '已兑完'
      : r.myRedeemed !== null && r.myRedeemed >= r.perUserLimit
        ? `每人限兑 ${r.perUserLimit} 件，您已兑换`
        : '不在兑换期内'
    : balance < r.cost
      ? `积分不足（还差 ${r.cost - balance} 分）`
      : null;

  const handleRedeem = async () => {
    if (busy) return;
    if (!pendingKey.current) {
      const ok = await confirm('确认兑换', `用 ${r.cost} 积分兑换「${r.title}」？兑换后请在 ${formatDateTime(r.validUntil)} 前到${r.pickupPlace}出示兑换码领取。`, '确认兑换');
      if (!ok) return;
      pendingKey.current = newClientKey();
    }
    setBusy(true);
    try {
      const redemption = await redeemReward(r.id, pendingKey.current);
      pendingKey.current = null;
      void Taro.redirectTo({ url: `${Routes.pointsRedemption}?id=${redemption.id}` });
    } catch (e) {
      // Keep the key only when the request may have reached the server (network trouble): a retry is then
      // the same redemption. A refusal (409/422/404) starts afresh next time.
      if (e instanceof ApiError && e.status > 0 && e.status < 500) pendingKey.current = null;
      toastError(e);
      void reward.reload();
      void summary.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='card' id='reward-detail'>
        <Text className='h1'>{r.title}</Text>
        <Text className='points-cost points-line'>{r.cost} 积分</Text>
        {r.description && <Text className='points-line'>{r.description}</Text>}
        <Text className='muted points-line'>
          提供方：{r.providerLabel} · {r.providerName}
        </Text>
        <Text className='muted points-line'>领取地点：{r.pickupPlace}</Text>
        <Text className='muted points-line'>
          兑换期：{formatDateTime(r.validFrom)} 至 {formatDateTime(r.validUntil)}
        </Text>
        <Text className='muted points-line'>
          剩余 {r.stockLeft} / {r.stockTotal} 件 · 每人限兑 {r.perUserLimit} 件{r.myRedeemed ? `（已兑 ${r.myRedeemed} 件）` : ''}
        </Text>
      </View>
      <Text className='section-title'>我的积分：{balance}</Text>
      {reason && (
        <Text id='reward-blocked' className='text-danger points-note'>
          {reason}
        </Text>
      )}
      <Button
        id='reward-redeem'
        className={`btn${busy || reason ? ' btn--disabled' : ''}`}
        loading={busy}
        disabled={busy || Boolean(reason)}
        onClick={handleRedeem}
      >
        立即兑换
      </Button>
    </View>
  );
}
