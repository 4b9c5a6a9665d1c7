import { Button, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { safeParseZh, withdrawAlertSchema, type AlertResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { acknowledgeAlert, fetchAlert, remindAlert, withdrawAlert } from '../../../api/alerts';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { askSubscribe, preloadSubscriptions } from '../../../utils/subscribe';
import AlertPhotos from '../components/AlertPhotos';
import { go, idParam, severityClass, shortTime } from '../utils';
import '../alert.scss';

export default function AlertDetailPage() {
  return (
    <PageWrapper className='alert-detail'>
      <LoginGate>
        <Detail />
      </LoginGate>
    </PageWrapper>
  );
}

function Detail() {
  const { params } = useRouter();
  const id = idParam(params.id);
  const { token } = useSession();
  const res = useRequest(() => fetchAlert(id!), [id, token], { enabled: id !== null, isEmpty: () => false, refreshOnShow: true });
  const [alert, setAlert] = useState<AlertResponse | null>(null);
  useEffect(() => setAlert(res.data ?? null), [res.data]);
  useEffect(preloadSubscriptions, [token]);

  if (id === null) return <Empty message='链接无效' description='请从警情列表重新打开' />;
  if (res.loading && !alert) return <Loading />;
  if (res.error) return <ErrorState error={res.error} onRetry={res.reload} />;
  if (!alert) return null;

  return (
    <View id='alert-detail'>
      <View className={`card alert-card alert-card--${alert.severity} alert-card--${alert.displayStatus}`}>
        <View className='row'>
          <Text className={severityClass(alert.severity)}>{alert.severityLabel}</Text>
          <Text className='tag tag--neutral'>{alert.typeLabel}</Text>
          <Text id='alert-status' className={`tag ${alert.displayStatus === 'published' ? 'tag--ok' : 'tag--bad'}`}>
            {alert.displayStatusLabel}
          </Text>
        </View>
        <Text id='alert-title' className='h1 alert-line'>
          {alert.title}
        </Text>
        <Text className='alert-card__meta'>
          {alert.author.nickname} · 发布于 {shortTime(alert.publishedAt)} · 有效期至 {shortTime(alert.expiresAt)}
        </Text>
        <Text className='alert-card__meta'>发送范围：{alert.targets.join('、')}</Text>
        {alert.status === 'withdrawn' && (
          <Text id='alert-withdrawn' className='alert-line text-danger'>
            该警情已于 {shortTime(alert.withdrawnAt!)} 撤回：{alert.withdrawReason}
          </Text>
        )}
        {alert.body && (
          <Text id='alert-body' className='alert-body'>
            {alert.body}
          </Text>
        )}
        {alert.caseNumber && <Text className='alert-line muted'>案件编号：{alert.caseNumber}</Text>}
        {alert.place && <Text className='alert-line'>地点：{alert.place.name}</Text>}
        <AlertPhotos photos={alert.photos} />
        {alert.suspectPhotosHidden && <Text className='muted alert-line'>警情已过期，嫌疑人照片已隐藏。</Text>}
      </View>

      {alert.mine && <MemberActions alert={alert} onChange={setAlert} />}
      {alert.answers.length > 0 && (
        <View className='card' id='alert-answers'>
          <Text className='card__title'>民警答疑</Text>
          {alert.answers.map((a) => (
            <View key={a.tipId} className='alert-list-item alert-answer'>
              <Text className='alert-line'>问：{a.question}</Text>
              <Text className='alert-line'>答：{a.answer}</Text>
            </View>
          ))}
        </View>
      )}
      {alert.abilities.viewReach && <OfficerPanel alert={alert} onChange={setAlert} />}
    </View>
  );
}

/** 收到 (with the offer of a WeChat reminder for the next alert), tips and questions. */
function MemberActions({ alert, onChange }: { alert: AlertResponse; onChange: (a: AlertResponse) => void }) {
  const [busy, setBusy] = useState(false);
  const handleAck = async () => {
    // Synchronously inside the tap: one more WeChat reminder for the next alert (no popup in H5).
    void askSubscribe(['police_alert']);
    setBusy(true);
    try {
      onChange(await acknowledgeAlert(alert.id));
      toastOk('已确认收到');
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='card' id='alert-member-actions'>
      {alert.mine?.acknowledgedAt ? (
        <Text id='alert-acked' className='tag tag--ok'>
          ✓ 您已于 {shortTime(alert.mine.acknowledgedAt)} 确认收到
        </Text>
      ) : alert.abilities.acknowledge ? (
        <Button id='alert-ack' className={`btn${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={handleAck}>
          收到
        </Button>
      ) : null}
      {alert.abilities.tip && (
        <View className='btn-group'>
          <Button id='alert-tip-btn' className='btn btn--plain' onClick={go(`${Routes.alertTipNew}?alertId=${alert.id}&kind=tip`)}>
            提供线索
          </Button>
          <Button id='alert-ask-btn' className='btn btn--plain' onClick={go(`${Routes.alertTipNew}?alertId=${alert.id}&kind=question`)}>
            向民警提问
          </Button>
        </View>
      )}
      <Text className='muted alert-line'>线索和提问只有派出所民警能看到。</Text>
    </View>
  );
}

/** Reach figures, reminders of urgent alerts, withdrawal: for those who run the alert. */
function OfficerPanel({ alert, onChange }: { alert: AlertResponse; onChange: (a: AlertResponse) => void }) {
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const r = alert.reach!;

  const handleRemind = async () => {
    if (!(await confirm('提醒未确认的成员', `将向 ${r.recipients - r.acknowledged} 位未确认的成员再发一次提醒。`))) return;
    setBusy(true);
    try {
      const res = await remindAlert(alert.id);
      toastOk(`已提醒 ${res.recipients} 人`);
      onChange(await fetchAlert(alert.id));
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const handleWithdraw = async () => {
    const parsed = safeParseZh(withdrawAlertSchema, { reason });
    if (!parsed.success) {
      setError(parsed.fields.reason ?? '请填写撤回理由');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChange(await withdrawAlert(alert.id, parsed.data));
      setWithdrawing(false);
      toastOk('已撤回');
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card' id='alert-reach'>
      <Text className='card__title'>送达情况</Text>
      <View className='alert-figures'>
        <Figure id='reach-recipients' n={r.recipients} label='应收到' />
        <Figure id='reach-delivered' n={r.delivered ?? 0} label='微信已推送' />
        <Figure id='reach-opened' n={r.opened} label='已读' />
        <Figure id='reach-acked' n={r.acknowledged} label='确认收到' />
      </View>
      <Text className='muted alert-line'>
        所有成员都能在“警情通报”里看到；微信推送只发给订阅了提醒的成员。{r.remindersSent > 0 ? `已提醒 ${r.remindersSent} 次。` : ''}
      </Text>
      <View className='btn-group'>
        <Button id='alert-reach-entry' className='btn btn--plain' onClick={go(`${Routes.alertReach}?id=${alert.id}`)}>
          查看未确认的成员
        </Button>
        {alert.abilities.remind && (
          <Button id='alert-remind' className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleRemind}>
            提醒未确认的成员
          </Button>
        )}
      </View>
      {alert.abilities.withdraw &&
        (withdrawing ? (
          <View className={`field alert-line${error ? ' field--invalid' : ''}`}>
            <Text className='field__label'>撤回理由（必填，成员会看到，记入操作日志）</Text>
            <Textarea id='alert-withdraw-reason' className='textarea' value={reason} maxlength={200} autoHeight placeholder='例如：信息有误，已核实' onInput={(e) => setReason(e.detail.value)} />
            {error && <Text className='field__error'>{error}</Text>}
            <View className='btn-group'>
              <Button className='btn btn--plain' onClick={() => setWithdrawing(false)}>
                取消
              </Button>
              <Button id='alert-withdraw-confirm' className={`btn btn--danger${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={handleWithdraw}>
                确认撤回
              </Button>
            </View>
          </View>
        ) : (
          <View className='btn-group'>
            <Button id='alert-withdraw' className='btn btn--danger-plain' onClick={() => setWithdrawing(true)}>
              撤回警情
            </Button>
          </View>
        ))}
    </View>
  );
}

function Figure({ id, n, label }: { id: string; n: number; label: string }) {
  return (
    <View className='alert-figure' id={id}>
      <Text className='alert-figure__n'>{n}</Text>
      <Text className='alert-figure__label'>{label}</Text>
    </View>
  );
}

