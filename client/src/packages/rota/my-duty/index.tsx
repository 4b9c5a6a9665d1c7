import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { handoverSchema, safeParseZh, type CheckinKind, type DutyBrief, type DutyDetailResponse, type LngLat } from '@linli/shared';
import { useState } from 'react';
import { checkin, fetchDuty, fetchMyDuty, saveHandover } from '../../../api/rota';
import Checkbox from '../../../components/Checkbox';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { wgs84ToGcj02 } from '../../../utils/coords';
import { toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import AreaMap from '../components/AreaMap';
import { idParam, periodText, STATE_TAG } from '../common';
import '../rota.scss';

/** Where the consent to location use for check-ins is remembered on the device. */
const CONSENT_KEY = 'linli.rota.locationConsent';

/** The ticket feature's report form, opened pre-filled from duty (source: duty patrol). */
const REPORT_PAGE = '/packages/ticket/report/index';

export default function MyDuty() {
  return (
    <PageWrapper className='rota-my-duty'>
      <LoginGate>
        <MyDutyContent />
      </LoginGate>
    </PageWrapper>
  );
}

function MyDutyContent() {
  const { token } = useSession();
  const id = idParam(useRouter().params.id);
  const mine = useRequest(fetchMyDuty, [token], { refreshOnShow: true, isEmpty: () => false });
  const one = useRequest(() => fetchDuty(id!), [token, id], { enabled: id !== null, isEmpty: () => false });

  // Keep the page (and what the user ticked or typed) while it refreshes; spin only on the first load.
  if (mine.loading && !mine.data) return <Loading />;
  if (mine.error && !mine.data) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  const data = mine.data!;
  // A notification link opens one duty; otherwise the current (or next) one.
  const focus = (id !== null ? one.data : null) ?? data.current ?? data.next;
  const reload = async () => {
    await mine.reload();
    if (id !== null) await one.reload();
  };

  if (!data.participants.length) {
    return (
      <View>
        <Empty message='您还没有参加轮值' description='登记您的商户（由社区民警审核），或以志愿者身份报名参加街面轮值轮防。' />
        <Button id='rota-register-shop' className='btn' onClick={() => Taro.navigateTo({ url: Routes.rotaShop })}>
          登记商户 / 报名志愿者
        </Button>
      </View>
    );
  }
  return (
    <View id='rota-my-duty'>
      {focus ? <DutyCard duty={focus} onChanged={reload} /> : <Empty message='暂无值守安排' description='轮值表发布后，这里会显示您的值守周。' />}
      {data.upcoming.length > 0 && <DutyList id='rota-upcoming' title='接下来的值守' items={data.upcoming} />}
      {data.past.length > 0 && <DutyList id='rota-past' title='往期值守' items={data.past} />}
      <View className='cells'>
        <View id='rota-swaps-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.rotaSwap })}>
          <Text className='cell__label'>我的换班</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View id='rota-exemption-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.rotaExemption })}>
          <Text className='cell__label'>申请免值守（停业、外出）</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View id='rota-shop-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.rotaShop })}>
          <Text className='cell__label'>我的商户 · 店员 · 联系电话</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>
    </View>
  );
}

/** Current position in GCJ-02 (the browser gives WGS-84: converted). */
async function locate(): Promise<{ lng: number; lat: number; accuracy?: number }> {
  if (IS_WEAPP) {
    const r = await Taro.getLocation({ type: 'gcj02' });
    return { lng: r.longitude, lat: r.latitude, accuracy: r.accuracy };
  }
  const r = await Taro.getLocation({ type: 'wgs84' });
  return { ...wgs84ToGcj02(r.longitude, r.latitude), accuracy: r.accuracy };
}

function DutyCard({ duty, onChanged }: { duty: DutyDetailResponse; onChanged: () => Promise<void> }) {
  // The separate consent to location use (PIPL art. 29) is remembered on this device once given.
  const [consent, setConsentState] = useState(() => Taro.getStorageSync(CONSENT_KEY) === 'yes');
  const setConsent = (v: boolean) => {
    setConsentState(v);
    Taro.setStorageSync(CONSENT_KEY, v ? 'yes' : 'no');
  };
  const [busy, setBusy] = useState<string | null>(null);
  const [me, setMe] = useState<LngLat | null>(null);
  const [note, setNote] = useState(duty.handoverNote ?? '');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const title = duty.state === 'current' || (duty.state === 'completed' && duty.canCheckin) ? '本周值守' : duty.state === 'upcoming' ? '下次值守' : '值守详情';

  const handleCheckin = async (kind: CheckinKind) => {
    if (!consent) {
      setMessage('请先勾选同意使用位置信息');
      return;
    }
    setBusy(kind);
    setMessage(null);
    try {
      const at = await locate();
      setMe([at.lng, at.lat]);
      const r = await checkin(duty.id, { kind, lng: at.lng, lat: at.lat, accuracy: at.accuracy, consent: true });
      toastOk(r.completed && r.pointsAwarded > 0 ? `值守完成，获得 ${r.pointsAwarded} 积分` : '打卡成功');
      setMessage(r.completed ? `本周值守已完成（${r.count}/${r.required}）${r.pointsAwarded > 0 ? `，获得 ${r.pointsAwarded} 积分` : ''}` : `已打卡 ${r.count}/${r.required} 次`);
      await onChanged();
    } catch (e) {
      const errMsg = (e as { errMsg?: string })?.errMsg;
      if (errMsg) setMessage('无法获取位置，请允许定位后重试');
      else {
        toastError(e);
        setMessage((e as { serverMessage?: string })?.serverMessage ?? null);
      }
    } finally {
      setBusy(null);
    }
  };

  const handleReport = async () => {
    let at = me ? { lng: me[0], lat: me[1] } : null;
    if (!at) {
      try {
        at = await locate();
      } catch {
        at = duty.area.centre ? { lng: duty.area.centre[0], lat: duty.area.centre[1] } : null;
      }
    }
    const q = at ? `&lat=${at.lat.toFixed(6)}&lng=${at.lng.toFixed(6)}` : '';
    void Taro.navigateTo({ url: `${REPORT_PAGE}?source=duty_patrol${q}` });
  };

  const handleHandover = async () => {
    const parsed = safeParseZh(handoverSchema, { note });
    if (!parsed.success) {
      setNoteError(parsed.fields.note ?? '请填写交接内容');
      return;
    }
    setNoteError(null);
    setBusy('handover');
    try {
      await saveHandover(duty.id, parsed.data);
      toastOk('交接记录已保存');
      await onChanged();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className='card' id='rota-duty-card' data-state={duty.state}>
      <View className='row row--between'>
        <Text className='card__title'>{title}</Text>
        <Text id='rota-duty-state' className={`tag ${STATE_TAG[duty.state]}`}>
          {duty.stateLabel}
        </Text>
      </View>
      <Text id='rota-duty-period' className='rota-big'>
        {periodText(duty.start, duty.end)}
      </Text>
      <View className='rota-kv'>
        <Text className='rota-kv__k'>轮值</Text>
        <Text>{duty.rotaName}</Text>
      </View>
      <View className='rota-kv'>
        <Text className='rota-kv__k'>值守单位</Text>
        <Text>
          {duty.participant.name}
          {duty.swapped ? '（换班）' : ''}
        </Text>
      </View>
      <View className='rota-kv' id='rota-duty-partner'>
        <Text className='rota-kv__k'>同班</Text>
        <Text>{duty.partners.length ? duty.partners.map((p) => `${p.name}${p.phone ? ` ${p.phone}` : ''}`).join('；') : '本周只有您一家'}</Text>
      </View>
      <View className='rota-kv' id='rota-duty-officer'>
        <Text className='rota-kv__k'>社区民警</Text>
        <Text className='grow'>
          {duty.officer.nickname} {duty.officer.phone ?? ''}
        </Text>
        {duty.officer.phone && (
          <Text className='link' onClick={() => Taro.makePhoneCall({ phoneNumber: duty.officer.phone! }).catch(() => undefined)}>
            拨打
          </Text>
        )}
      </View>
      <View className='rota-kv'>
        <Text className='rota-kv__k'>责任区</Text>
        <Text>{duty.area.name}</Text>
      </View>
      <AreaMap grids={duty.area.grids} centre={duty.area.centre} me={me} />

      <Text className='section-title'>值守清单</Text>
      <View id='rota-checklist'>
        {duty.checklist.map((item, i) => (
          <Text key={i} className='rota-checklist__item'>
            {i + 1}. {item}
          </Text>
        ))}
      </View>

      {duty.previousHandover && (
        <View className='card' id='rota-previous-handover'>
          <Text className='card__title'>上一班交接（{duty.previousHandover.from}）</Text>
          <Text>{duty.previousHandover.note}</Text>
        </View>
      )}

      <Text className='section-title' id='rota-checkin-count'>
        打卡 {duty.checkinCount}/{duty.checkinsRequired} 次{duty.completedAt ? ' · 已完成' : ''}
        {duty.pointsAwarded ? ` · 获得 ${duty.pointsAwarded} 积分` : ''}
      </Text>
      {duty.checkins.map((c) => (
        <Text key={c.id} className='muted rota-checklist__item'>
          {formatDateTime(c.at)} {c.kindLabel}
          {c.distanceMeters > 0 ? `（距区域 ${c.distanceMeters} 米）` : '（区域内）'}
        </Text>
      ))}
      {duty.canCheckin && (
        <View>
          <Checkbox id='rota-location-consent' checked={consent} onChange={setConsent}>
            <Text className='muted'>
              我同意邻里在值守打卡时获取我的位置，仅用于核验是否在责任区内；精确位置在值守周结束 30 天后删除，只保留“是否在区域内”的结果。
            </Text>
          </Checkbox>
          <View className='btn-group'>
            <Button id='rota-checkin-start' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy === 'start'} disabled={busy !== null} onClick={() => handleCheckin('start')}>
              上岗签到
            </Button>
            <Button id='rota-checkin-patrol' className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} loading={busy === 'patrol'} disabled={busy !== null} onClick={() => handleCheckin('patrol')}>
              巡逻打卡
            </Button>
          </View>
        </View>
      )}
      {message && (
        <Text id='rota-checkin-message' className='field__hint'>
          {message}
        </Text>
      )}

      <View className='btn-group rota-noprint'>
        {duty.canCheckin && (
          <Button id='rota-report-from-duty' className='btn btn--danger-plain' onClick={handleReport}>
            值守中发现问题，立即上报
          </Button>
        )}
        {duty.canSwap && (
          <Button id='rota-swap-request' className='btn btn--plain' onClick={() => Taro.navigateTo({ url: `${Routes.rotaSwap}?dutyId=${duty.id}` })}>
            申请换班
          </Button>
        )}
      </View>

      {duty.canHandover && (
        <View className={`field${noteError ? ' field--invalid' : ''}`}>
          <Text className='field__label'>交接记录（留给下一班）</Text>
          <Textarea id='rota-handover-note' className='textarea' value={note} maxlength={500} autoHeight placeholder='例如：路口有辆未上锁的电动车，已提醒车主' onInput={(e) => setNote(e.detail.value)} />
          {noteError && <Text className='field__error'>{noteError}</Text>}
          <Button id='rota-handover-save' className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} loading={busy === 'handover'} disabled={busy !== null} onClick={handleHandover}>
            保存交接记录
          </Button>
        </View>
      )}
    </View>
  );
}

function DutyList({ id, title, items }: { id: string; title: string; items: DutyBrief[] }) {
  return (
    <View className='card' id={id}>
      <Text className='card__title'>{title}</Text>
      {items.map((d) => (
        <View key={d.id} className='rota-list-item row row--between' onClick={() => Taro.navigateTo({ url: `${Routes.rotaMyDuty}?id=${d.id}` })}>
          <View className='grow'>
            <Text className='rota-checklist__item'>{periodText(d.start, d.end)}</Text>
            <Text className='muted'>
              {d.rotaName} · {d.participant.name}
              {d.swapped ? ' · 换班' : ''} · 打卡 {d.checkinCount}/{d.checkinsRequired}
            </Text>
          </View>
          <Text className={`tag ${STATE_TAG[d.state]}`}>{d.stateLabel}</Text>
        </View>
      ))}
    </View>
  );
}
