import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  ALERT_SEVERITIES,
  ALERT_TYPES,
  AlertLimits,
  AlertSeverityLabelZh,
  AlertTypeLabelZh,
  alertNeedsCaseNumber,
  createAlertSchema,
  safeParseZh,
  type AlertSeverity,
  type AlertType,
  type MediaResponse,
} from '@linli/shared';
import { useMemo, useRef, useState } from 'react';
import { createAlert, fetchMyGroups } from '../../../api/alerts';
import Checkbox from '../../../components/Checkbox';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import PhotoUploader from '../../../components/PhotoUploader';
import UnitPicker, { type PickedUnit } from '../../../components/UnitPicker';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import Chips from '../components/Chips';
import { newClientKey, shortTime } from '../utils';
import '../alert.scss';

export default function NewAlertPage() {
  return (
    <PageWrapper className='alert-new'>
      <LoginGate>
        <Form />
      </LoginGate>
    </PageWrapper>
  );
}

const EXPIRY_DAYS = [1, 3, 7, 14, 30] as const;

/**
 * The officer's alert form: groups (where they are the officer) and/or an area of their jurisdiction,
 * type, severity, text, up to 9 photos (each may be marked as showing a suspect: a case number is then
 * required and the photo disappears at expiry), a required expiry (7 days unless changed), a place.
 * Validated with the server's own schema before sending; a retry keeps the same idempotency key.
 */
function Form() {
  const { user, token } = useSession();
  const police = Boolean(user?.roles.some((r) => r.role === 'community_police' && r.unit));
  const groups = useRequest(fetchMyGroups, [token], { enabled: police, isEmpty: () => false });
  const mine = (groups.data ?? []).filter((g) => g.abilities.post);

  const [groupIds, setGroupIds] = useState<number[]>([]);
  const [useArea, setUseArea] = useState(false);
  const [area, setArea] = useState<PickedUnit | null>(null);
  const [type, setType] = useState<AlertType | null>(null);
  const [severity, setSeverity] = useState<AlertSeverity>('important');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<MediaResponse[]>([]);
  const [suspect, setSuspect] = useState<Record<number, boolean>>({});
  const [caseNumber, setCaseNumber] = useState('');
  const [days, setDays] = useState<number>(AlertLimits.defaultExpiryDays);
  const [place, setPlace] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const clientKey = useRef(newClientKey('alert'));

  const photoInputs = useMemo(() => photos.map((p) => ({ mediaId: p.id, suspect: Boolean(suspect[p.id]) })), [photos, suspect]);
  const needsCase = alertNeedsCaseNumber(photoInputs);
  const expiresAt = new Date(Date.now() + days * 86_400_000);

  if (!police) return <Empty message='没有权限' description='只有社区民警可以发布警情' />;
  if (groups.loading && !groups.data) return <Loading />;
  if (groups.error) return <ErrorState error={groups.error} onRetry={groups.reload} />;

  const toggleGroup = (id: number, on: boolean) => setGroupIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  const handleSubmit = async () => {
    const input = {
      groupIds,
      areaUnitIds: useArea && area ? [area.id] : [],
      type: type ?? undefined,
      severity,
      title,
      body,
      photos: photoInputs,
      caseNumber: caseNumber.trim() || undefined,
      expiresAt: expiresAt.toISOString(),
      place: place.trim() ? { name: place.trim() } : undefined,
      clientKey: clientKey.current,
    };
    const parsed = safeParseZh(createAlertSchema, input);
    if (!parsed.success) {
      setFields(parsed.fields);
      void Taro.showToast({ title: Object.values(parsed.fields)[0] ?? '请检查填写的内容', icon: 'none' });
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const alert = await createAlert(parsed.data);
      toastOk('已发布');
      void Taro.redirectTo({ url: `${Routes.alertDetail}?id=${alert.id}` });
    } catch (e) {
      const f = (e as { fields?: Record<string, string> }).fields;
      if (f && Object.keys(f).length) setFields(f);
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const err = (k: string) => (fields[k] ? <Text className='field__error'>{fields[k]}</Text> : null);
  return (
    <View id='alert-new-form'>
      <View className={`card field${fields.groupIds ? ' field--invalid' : ''}`}>
        <Text className='card__title'>发送给</Text>
        {mine.length === 0 && <Text className='muted'>您还没有担任民警的邻里群，请先在“我的邻里群”建群。</Text>}
        {mine.map((g) => (
          <Checkbox key={g.id} id={`alert-group-${g.id}`} checked={groupIds.includes(g.id)} onChange={(on) => toggleGroup(g.id, on)}>
            <Text>
              {g.name}（{g.memberCount} 人）
            </Text>
          </Checkbox>
        ))}
        <Checkbox id='alert-area-toggle' checked={useArea} onChange={setUseArea}>
          <Text>按区域发送：我的群里住在某个社区或网格的成员</Text>
        </Checkbox>
        {useArea && <UnitPicker allowedLevels={['community', 'grid']} value={area} onChange={setArea} />}
        {err('groupIds')}
        {err('areaUnitIds')}
      </View>

      <View className='card'>
        <View className={`field${fields.type ? ' field--invalid' : ''}`}>
          <Text className='field__label'>警情类型</Text>
          <Chips idPrefix='alert-type' options={ALERT_TYPES.map((v) => ({ value: v, label: AlertTypeLabelZh[v] }))} value={type} onChange={setType} />
          {err('type')}
        </View>
        <View className='field alert-line'>
          <Text className='field__label'>紧急程度（紧急警情会提醒未确认的成员）</Text>
          <Chips idPrefix='alert-severity' options={ALERT_SEVERITIES.map((v) => ({ value: v, label: AlertSeverityLabelZh[v] }))} value={severity} onChange={setSeverity} />
        </View>
        <View className={`field alert-line${fields.title ? ' field--invalid' : ''}`}>
          <Text className='field__label'>标题（{title.length}/{AlertLimits.titleMax}）</Text>
          <Input id='alert-title-input' className='input' value={title} maxlength={AlertLimits.titleMax} placeholder='例如：注意辨别百元假币' onInput={(e) => setTitle(e.detail.value)} />
          {err('title')}
        </View>
        <View className={`field alert-line${fields.body ? ' field--invalid' : ''}`}>
          <Text className='field__label'>警情内容（{body.length}/{AlertLimits.bodyMax}）</Text>
          <Textarea id='alert-body-input' className='textarea' value={body} maxlength={AlertLimits.bodyMax} placeholder='发生了什么、嫌疑人特征、请大家怎么做' onInput={(e) => setBody(e.detail.value)} />
          {err('body')}
        </View>
      </View>

      <View className={`card field${fields.photos ? ' field--invalid' : ''}`}>
        <Text className='card__title'>照片（最多 {AlertLimits.maxPhotos} 张）</Text>
        <PhotoUploader id='alert-photos' purpose='alert' max={AlertLimits.maxPhotos} onChange={setPhotos} />
        {photos.map((p, i) => (
          <Checkbox key={p.id} id={`alert-photo-suspect-${i}`} checked={Boolean(suspect[p.id])} onChange={(on) => setSuspect((s) => ({ ...s, [p.id]: on }))}>
            <Text>第 {i + 1} 张照片中有嫌疑人（到期后自动隐藏）</Text>
          </Checkbox>
        ))}
        {err('photos')}
        <View className={`field alert-line${fields.caseNumber ? ' field--invalid' : ''}`}>
          <Text className='field__label'>案件编号{needsCase ? '（照片中有嫌疑人，必填）' : '（选填）'}</Text>
          <Input id='alert-case-number' className='input' value={caseNumber} maxlength={AlertLimits.caseNumberMax} placeholder='例如：A320111-2026-0042' onInput={(e) => setCaseNumber(e.detail.value)} />
          {err('caseNumber')}
        </View>
      </View>

      <View className='card'>
        <View className={`field${fields.expiresAt ? ' field--invalid' : ''}`}>
          <Text className='field__label'>有效期（必填，到期后嫌疑人照片隐藏）</Text>
          <Chips idPrefix='alert-expiry' options={EXPIRY_DAYS.map((d) => ({ value: String(d), label: `${d} 天` }))} value={String(days)} onChange={(v) => setDays(Number(v))} />
          <Text id='alert-expiry-at' className='muted alert-line'>
            截止 {shortTime(expiresAt.toISOString())}
          </Text>
          {err('expiresAt')}
        </View>
        <View className={`field alert-line${fields['place.name'] ? ' field--invalid' : ''}`}>
          <Text className='field__label'>地点（选填）</Text>
          <Input id='alert-place-input' className='input' value={place} maxlength={AlertLimits.placeNameMax} placeholder='例如：津浦路与文德路路口' onInput={(e) => setPlace(e.detail.value)} />
          {err('place.name')}
        </View>
      </View>

      <Button id='alert-submit' className={`btn${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={handleSubmit}>
        发布警情
      </Button>
      <Text className='muted alert-line'>发布后群成员立即在“警情通报”看到；订阅了提醒的成员还会收到微信消息。内容经过微信内容安全检测。</Text>
    </View>
  );
}
