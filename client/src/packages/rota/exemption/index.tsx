import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { EXEMPTION_REASONS, ExemptionReasonLabelZh, requestExemptionSchema, safeParseZh, type ExemptionResponse } from '@linli/shared';
import { useState } from 'react';
import { cancelExemption, fetchMyDuty, fetchMyExemptions, requestExemption } from '../../../api/rota';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { beijingToday } from '../common';
import '../rota.scss';

/** Exemptions: ask to be off duty for some dates (shop closed, owner away), and my requests. */
export default function ExemptionPage() {
  return (
    <PageWrapper className='rota-exemption'>
      <LoginGate>
        <Exemptions />
      </LoginGate>
    </PageWrapper>
  );
}

function Exemptions() {
  const { token } = useSession();
  const duty = useRequest(fetchMyDuty, [token], { isEmpty: () => false });
  const list = useRequest(fetchMyExemptions, [token], { refreshOnShow: true });
  const [choice, setChoice] = useState(0);
  const [reason, setReason] = useState(0);
  const [from, setFrom] = useState(beijingToday());
  const [to, setTo] = useState(beijingToday());
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState<Record<number, ExemptionResponse>>({});

  if (duty.loading || list.loading) return <Loading />;
  if (duty.error) return <ErrorState error={duty.error} onRetry={duty.reload} />;
  const pairs = (duty.data?.participants ?? []).flatMap((p) => p.rotas.map((r) => ({ participantId: p.id, rotaId: r.id, label: `${p.name} · ${r.name}` })));

  const submit = async () => {
    const pick = pairs[choice];
    const parsed = safeParseZh(requestExemptionSchema, { rotaId: pick?.rotaId, participantId: pick?.participantId, from, to, reason: EXEMPTION_REASONS[reason], note: note || undefined });
    if (!parsed.success) {
      setErrors(parsed.fields);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const e = await requestExemption(parsed.data);
      toastOk(e.status === 'approved' ? '已自动批准' : '已提交，等待民警审批');
      await list.reload();
    } catch (err) {
      toastError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      {pairs.length === 0 ? (
        <Empty message='您还没有参加轮值' />
      ) : (
        <View className='card' id='rota-exemption-form'>
          <Text className='card__title'>申请免值守</Text>
          <Text className='card__desc'>停业、外出期间不安排值守；已经开始的值守周不受影响，请改为申请换班。</Text>
          <View className='field'>
            <Text className='field__label'>商户和轮值</Text>
            <Picker mode='selector' range={pairs.map((p) => p.label)} value={choice} onChange={(e) => setChoice(Number(e.detail.value))}>
              <View className='input'>{pairs[choice]?.label}</View>
            </Picker>
          </View>
          <View className='field'>
            <Text className='field__label'>原因</Text>
            <Picker mode='selector' range={EXEMPTION_REASONS.map((r) => ExemptionReasonLabelZh[r])} value={reason} onChange={(e) => setReason(Number(e.detail.value))}>
              <View className='input' id='rota-exemption-reason'>{ExemptionReasonLabelZh[EXEMPTION_REASONS[reason]]}</View>
            </Picker>
          </View>
          <View className={`field${errors.from ? ' field--invalid' : ''}`}>
            <Text className='field__label'>开始日期</Text>
            <Input id='rota-exemption-from' className='input' value={from} placeholder='YYYY-MM-DD' onInput={(e) => setFrom(e.detail.value)} />
            {errors.from && <Text className='field__error'>{errors.from}</Text>}
          </View>
          <View className={`field${errors.to ? ' field--invalid' : ''}`}>
            <Text className='field__label'>结束日期</Text>
            <Input id='rota-exemption-to' className='input' value={to} placeholder='YYYY-MM-DD' onInput={(e) => setTo(e.detail.value)} />
            {errors.to && <Text className='field__error'>{errors.to}</Text>}
          </View>
          <View className='field'>
            <Text className='field__label'>说明（选填）</Text>
            <Textarea className='textarea' value={note} maxlength={200} autoHeight onInput={(e) => setNote(e.detail.value)} />
          </View>
          <Button id='rota-exemption-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
            提交申请
          </Button>
        </View>
      )}
      <Text className='section-title'>我的申请</Text>
      {(list.data ?? []).length === 0 && <Empty message='还没有免值守申请' />}
      {(list.data ?? []).map((x) => {
        const e = changed[x.id] ?? x;
        return (
          <View key={e.id} className='card' id={`rota-exemption-${e.id}`}>
            <View className='row row--between'>
              <Text>
                {e.participant.name} · {e.from} 至 {e.to}
              </Text>
              <Text className={`tag ${e.status === 'approved' ? 'tag--ok' : e.status === 'pending' ? 'tag--pending' : 'tag--neutral'}`}>{e.statusLabel}</Text>
            </View>
            <Text className='muted'>
              {e.rotaName} · {e.reasonLabel}
              {e.note ? ` · ${e.note}` : ''}
            </Text>
            {e.canCancel && (
              <Button className='btn btn--plain btn--inline' onClick={() => cancelExemption(e.id).then((u) => setChanged((c) => ({ ...c, [u.id]: u })), toastError)}>
                撤回
              </Button>
            )}
          </View>
        );
      })}
    </View>
  );
}
