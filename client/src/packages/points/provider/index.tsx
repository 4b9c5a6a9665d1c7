import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { normalizeRedemptionCode, redemptionCodeSchema, safeParseZh, type RedemptionResponse } from '@linli/shared';
import { useState } from 'react';
import { fetchProviderRewards, fulfilRedemption, lookupRedemption } from '../../../api/points';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { isProvider, REDEMPTION_TAG, REWARD_TAG, shopUnits } from '../helpers';
import '../points.scss';

export default function ProviderPage() {
  return (
    <PageWrapper className='points-provider'>
      <LoginGate>
        <Provider />
      </LoginGate>
    </PageWrapper>
  );
}

function Provider() {
  const { token, user } = useSession();
  const allowed = isProvider(user);
  const rewards = useRequest(fetchProviderRewards, [token], { enabled: allowed, refreshOnShow: true });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<RedemptionResponse | null>(null);
  const [busy, setBusy] = useState(false);

  if (!allowed) return <Empty message='没有权限' description='只有提供奖品的商户和社区服务中心工作人员可以核销兑换码' />;

  const look = async (raw: string) => {
    const parsed = safeParseZh(redemptionCodeSchema, { code: raw });
    if (!parsed.success) {
      setError(parsed.fields.code ?? '兑换码格式不正确');
      setFound(null);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      setFound(await lookupRedemption(parsed.data.code));
    } catch (e) {
      setFound(null);
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const handleScan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      const scanned = normalizeRedemptionCode(res.result ?? '');
      setCode(scanned);
      await look(scanned);
    } catch {
      // cancelled by the user
    }
  };

  const handleFulfil = async () => {
    if (!found) return;
    if (!(await confirm('确认核销', `确认已将「${found.rewardTitle}」交给 ${found.userNickname ?? '兑换人'}？核销后不能撤销。`, '确认核销'))) return;
    setBusy(true);
    try {
      setFound(await fulfilRedemption(found.code));
      toastOk('核销成功');
      setCode('');
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='card'>
        <Text className='card__title'>核销兑换码</Text>
        {IS_WEAPP && (
          <Button id='provider-scan' className='btn' onClick={handleScan}>
            扫描兑换二维码
          </Button>
        )}
        <View className={`field points-line${error ? ' field--invalid' : ''}`}>
          <Text className='field__label'>{IS_WEAPP ? '或输入 10 位兑换码' : '输入 10 位兑换码'}</Text>
          <Input
            id='provider-code'
            className='input'
            type='number'
            maxlength={10}
            value={code}
            placeholder='例如 123 456 7890'
            onInput={(e) => setCode(e.detail.value)}
          />
          {error && <Text className='field__error'>{error}</Text>}
        </View>
        <Button id='provider-lookup' className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={() => void look(code)}>
          查询兑换码
        </Button>
      </View>

      {found && (
        <View className='card' id='provider-found'>
          <View className='row row--between'>
            <Text className='card__title grow'>{found.rewardTitle}</Text>
            <Text id='provider-found-status' className={`tag ${REDEMPTION_TAG[found.status]}`}>
              {found.statusLabel}
            </Text>
          </View>
          <Text className='points-line'>兑换码 {found.codeDisplay}</Text>
          <Text className='muted points-line'>兑换人：{found.userNickname ?? '—'} · {found.cost} 积分</Text>
          <Text className='muted points-line'>
            {found.status === 'fulfilled' ? `已于 ${formatDateTime(found.fulfilledAt)} 领取` : `有效期至 ${formatDateTime(found.expiresAt)}`}
          </Text>
          {found.status === 'issued' && (
            <Button id='provider-fulfil' className={`btn points-line${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleFulfil}>
              确认核销（已交付奖品）
            </Button>
          )}
        </View>
      )}

      <View className='row row--between'>
        <Text className='section-title'>我提供的奖品</Text>
        {shopUnits(user).length > 0 && (
          <Button id='provider-offer' className='btn btn--plain btn--inline' onClick={() => void Taro.navigateTo({ url: `${Routes.pointsRewardEdit}?mode=shop` })}>
            提供新奖品
          </Button>
        )}
      </View>
      {rewards.loading && !rewards.data && <Loading />}
      {rewards.error && <ErrorState error={rewards.error} onRetry={rewards.reload} />}
      {rewards.empty && <Empty message='还没有奖品' description={shopUnits(user).length ? '商户可以提供奖品，经社区管理员审核后上架' : '管理员可在“奖品管理”中新建社区奖品'} />}
      {(rewards.data ?? []).map((r) => (
        <View key={r.id} id={`provider-reward-${r.id}`} className='card points-reward'>
          <View className='row row--between'>
            <Text className='card__title grow'>{r.title}</Text>
            <Text className={`tag ${REWARD_TAG[r.status]}`}>{r.statusLabel}</Text>
          </View>
          <Text className='muted points-line'>
            {r.cost} 积分 · 剩余 {r.stockLeft}/{r.stockTotal} · {r.unitName ?? ''}
          </Text>
          {r.reviewNote && <Text className='muted points-line'>审核意见：{r.reviewNote}</Text>}
        </View>
      ))}
    </View>
  );
}
