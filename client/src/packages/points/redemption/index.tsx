import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { cancelRedemption, fetchMyRedemption } from '../../../api/points';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import QrCode from '../components/QrCode';
import { REDEMPTION_TAG } from '../helpers';
import '../points.scss';

export default function RedemptionPage() {
  return (
    <PageWrapper className='points-redemption'>
      <LoginGate>
        <Redemption />
      </LoginGate>
    </PageWrapper>
  );
}

function Redemption() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { token } = useSession();
  const item = useRequest(() => fetchMyRedemption(id), [token, id], { enabled: id > 0, refreshOnShow: true, isEmpty: () => false });
  const [busy, setBusy] = useState(false);

  if (!(id > 0)) return <ErrorState error={new Error('缺少兑换编号')} />;
  if (item.loading && !item.data) return <Loading />;
  if (item.error) return <ErrorState error={item.error} onRetry={item.reload} />;
  const r = item.data!;

  const handleCancel = async () => {
    if (!(await confirm('取消兑换', `取消后 ${r.cost} 积分将退回您的账户，奖品库存也会退回。`, '确认取消'))) return;
    setBusy(true);
    try {
      item.setData(await cancelRedemption(r.id));
      toastOk('已取消，积分已退回');
    } catch (e) {
      toastError(e);
      void item.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='card' id='redemption-card'>
        <View className='row row--between'>
          <Text className='card__title grow'>{r.rewardTitle}</Text>
          <Text id='redemption-status' className={`tag ${REDEMPTION_TAG[r.status]}`}>
            {r.statusLabel}
          </Text>
        </View>
        {r.status === 'issued' && (
          <View className='points-qr' id='redemption-qr'>
            <QrCode text={r.qrText} />
          </View>
        )}
        <Text id='redemption-code' className='points-code__digits'>
          {r.codeDisplay}
        </Text>
        <Text className='muted points-line'>{r.status === 'issued' ? '领取时请向工作人员出示二维码或报出兑换码' : '此兑换码已不能使用'}</Text>
        <Text className='points-line'>领取地点：{r.pickupPlace}</Text>
        <Text className='muted points-line'>
          提供方：{r.providerName} · 消耗 {r.cost} 积分
        </Text>
        <Text className='muted points-line'>
          {r.status === 'fulfilled' ? `领取时间：${formatDateTime(r.fulfilledAt)}` : `有效期至：${formatDateTime(r.expiresAt)}`}
        </Text>
      </View>
      {r.status === 'issued' && (
        <Button id='redemption-cancel' className={`btn btn--danger-plain${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleCancel}>
          取消兑换并退回积分
        </Button>
      )}
    </View>
  );
}
