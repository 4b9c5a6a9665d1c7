import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { requestSwapSchema, safeParseZh, type SwapResponse } from '@linli/shared';
import { useState } from 'react';
import { cancelSwap, fetchDuty, fetchMySwaps, fetchRoster, fetchSwap, requestSwap, respondSwap } from '../../../api/rota';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { askSubscribe } from '../../../utils/subscribe';
import { beijingToday, idParam, periodText } from '../common';
import '../rota.scss';

/** Swaps: one swap (`?id=`, the notification link), a new request (`?dutyId=`), or my swaps. */
export default function SwapPage() {
  const params = useRouter().params;
  const id = idParam(params.id);
  const dutyId = idParam(params.dutyId);
  return (
    <PageWrapper className='rota-swap'>
      <LoginGate>{id !== null ? <SwapDetail id={id} /> : dutyId !== null ? <NewSwap dutyId={dutyId} /> : <MySwaps />}</LoginGate>
    </PageWrapper>
  );
}

function SwapCard({ swap, onChanged }: { swap: SwapResponse; onChanged?: (s: SwapResponse) => void }) {
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<SwapResponse>, ok: string) => {
    setBusy(true);
    try {
      const s = await work();
      toastOk(ok);
      onChanged?.(s);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='card rota-swap-item' id={`rota-swap-${swap.id}`}>
      <View className='row row--between'>
        <Text className='card__title'>{swap.rotaName}</Text>
        <Text className={`tag ${swap.status === 'approved' ? 'tag--ok' : swap.status.startsWith('pending') ? 'tag--pending' : 'tag--neutral'}`} id={`rota-swap-status-${swap.id}`}>
          {swap.statusLabel}
        </Text>
      </View>
      <Text className='rota-checklist__item'>
        {swap.requesterDuty.participant.name}：{periodText(swap.requesterDuty.start, swap.requesterDuty.end)}
      </Text>
      <Text className='rota-checklist__item'>
        ⇄ {swap.targetDuty.participant.name}：{periodText(swap.targetDuty.start, swap.targetDuty.end)}
      </Text>
      <Text className='muted'>原因：{swap.reason}</Text>
      {swap.reviewNote && <Text className='muted'>民警意见：{swap.reviewNote}</Text>}
      <View className='btn-group'>
        {swap.canRespond && (
          <>
            <Button id={`rota-swap-accept-${swap.id}`} className='btn' disabled={busy} onClick={() => act(() => respondSwap(swap.id, true), '已同意')}>
              同意调换
            </Button>
            <Button id={`rota-swap-decline-${swap.id}`} className='btn btn--plain' disabled={busy} onClick={() => act(() => respondSwap(swap.id, false), '已拒绝')}>
              不同意
            </Button>
          </>
        )}
        {swap.canCancel && (
          <Button id={`rota-swap-cancel-${swap.id}`} className='btn btn--danger-plain' disabled={busy} onClick={() => act(() => cancelSwap(swap.id), '已撤回')}>
            撤回申请
          </Button>
        )}
      </View>
    </View>
  );
}

function SwapDetail({ id }: { id: number }) {
  const { token } = useSession();
  const r = useRequest(() => fetchSwap(id), [token, id], { isEmpty: () => false });
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  return <SwapCard swap={r.data!} onChanged={r.setData} />;
}

function MySwaps() {
  const { token } = useSession();
  const r = useRequest(fetchMySwaps, [token], { refreshOnShow: true });
  const [changed, setChanged] = useState<Record<number, SwapResponse>>({});
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  if (r.empty) return <Empty message='还没有换班记录' description='在“我的值守”里选择一周，可以向其他商户申请调换。' />;
  return (
    <View id='rota-swap-list'>
      {(r.data ?? []).map((s) => (
        <SwapCard key={s.id} swap={changed[s.id] ?? s} onChanged={(x) => setChanged((c) => ({ ...c, [x.id]: x }))} />
      ))}
    </View>
  );
}

function NewSwap({ dutyId }: { dutyId: number }) {
  const { token } = useSession();
  const duty = useRequest(() => fetchDuty(dutyId), [token, dutyId], { isEmpty: () => false });
  const roster = useRequest(() => fetchRoster(duty.data!.rotaId, 26), [duty.data?.rotaId], { enabled: Boolean(duty.data), isEmpty: () => false });
  const [target, setTarget] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  if (duty.loading || roster.loading) return <Loading />;
  if (duty.error) return <ErrorState error={duty.error} onRetry={duty.reload} />;
  if (roster.error) return <ErrorState error={roster.error} onRetry={roster.reload} />;
  const mine = duty.data!;
  const today = beijingToday();
  // Weeks not yet started, other than mine, with another shop on duty.
  const options = (roster.data?.weeks ?? [])
    .filter((w) => w.start > today && w.start !== mine.start)
    .flatMap((w) => w.duties.filter((d) => d.participant.id !== mine.participant.id).map((d) => ({ ...d, start: w.start, end: w.end })));

  const submit = () => {
    // Ask for the swap-result notification inside the tap (WeChat shows no popup after an await).
    void askSubscribe(['swap_request']);
    const parsed = safeParseZh(requestSwapSchema, { targetDutyId: target ?? undefined, reason });
    if (!parsed.success) {
      setErrors({ ...parsed.fields, ...(target === null ? { targetDutyId: '请选择要调换的值守周' } : {}) });
      return;
    }
    setErrors({});
    setBusy(true);
    requestSwap(dutyId, parsed.data)
      .then((s) => {
        toastOk('已发送换班申请');
        void Taro.redirectTo({ url: `${Routes.rotaSwap}?id=${s.id}` });
      })
      .catch(toastError)
      .finally(() => setBusy(false));
  };

  return (
    <View id='rota-swap-new'>
      <View className='card'>
        <Text className='card__title'>申请换班</Text>
        <Text className='card__desc'>
          用我的值守周（{periodText(mine.start, mine.end)}）换另一家商户的值守周。对方同意、社区民警批准后生效。
        </Text>
      </View>
      <Text className='section-title'>选择要调换的一周</Text>
      {options.length === 0 && <Empty message='暂时没有可以调换的值守周' />}
      {options.map((o) => (
        <View key={o.dutyId} id={`rota-swap-option-${o.dutyId}`} className={`rota-choice${target === o.dutyId ? ' rota-choice--on' : ''}`} onClick={() => setTarget(o.dutyId)}>
          <Text className='rota-checklist__item'>{periodText(o.start, o.end)}</Text>
          <Text className='muted'>
            {o.participant.name}
            {o.address ? ` · ${o.address}` : ''}
          </Text>
        </View>
      ))}
      {errors.targetDutyId && <Text className='field__error'>{errors.targetDutyId}</Text>}
      <View className={`field${errors.reason ? ' field--invalid' : ''}`}>
        <Text className='field__label'>调换原因</Text>
        <Textarea id='rota-swap-reason' className='textarea' value={reason} maxlength={200} autoHeight placeholder='例如：那一周要外出进货' onInput={(e) => setReason(e.detail.value)} />
        {errors.reason && <Text className='field__error'>{errors.reason}</Text>}
      </View>
      <Button id='rota-swap-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
        发送换班申请
      </Button>
    </View>
  );
}
