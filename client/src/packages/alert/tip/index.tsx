import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { AlertLimits, replyTipSchema, safeParseZh, TIP_TICKET_CATEGORIES, TIP_TICKET_DEFAULT_CATEGORY, type TipResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchTip, markTipUseful, replyTip, tipToTicket } from '../../../api/alerts';
import Checkbox from '../../../components/Checkbox';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { IS_WEAPP } from '../../../constants/env';
import AlertPhotos from '../components/AlertPhotos';
import Chips from '../components/Chips';
import { go, idParam, shortTime } from '../utils';
import '../alert.scss';

export default function TipPage() {
  return (
    <PageWrapper className='alert-tip'>
      <LoginGate>
        <Tip />
      </LoginGate>
    </PageWrapper>
  );
}

const CHECK_NOTE: Record<TipResponse['textCheck'], string | null> = {
  pass: null,
  review: '微信内容检测提示需人工复核',
  unchecked: '未经微信内容检测',
};

/** One tip: its author sees the answer and whether it was adopted; station officers act on it. */
function Tip() {
  const { params } = useRouter();
  const id = idParam(params.id);
  const { token } = useSession();
  const res = useRequest(() => fetchTip(id!), [id, token], { enabled: id !== null, isEmpty: () => false, refreshOnShow: true });
  const [tip, setTip] = useState<TipResponse | null>(null);
  useEffect(() => setTip(res.data ?? null), [res.data]);

  if (id === null) return <Empty message='链接无效' description='请从“警情通报”重新打开' />;
  if (res.loading && !tip) return <Loading />;
  if (res.error) return <ErrorState error={res.error} onRetry={res.reload} />;
  if (!tip) return null;
  const note = CHECK_NOTE[tip.textCheck];

  return (
    <View id='tip-detail'>
      <View className='card'>
        <View className='row'>
          <Text className='tag tag--neutral'>{tip.kindLabel}</Text>
          <Text id='tip-status' className={`tag ${tip.status === 'new' ? 'tag--pending' : 'tag--ok'}`}>
            {tip.statusLabel}
          </Text>
          {note && <Text className='tag tag--bad'>{note}</Text>}
        </View>
        <Text id='tip-text-view' className='alert-body'>
          {tip.text}
        </Text>
        {tip.place && <Text className='alert-line'>地点：{tip.place.name}</Text>}
        <AlertPhotos photos={tip.photos} showSuspect={false} />
        <Text className='muted alert-line'>
          {tip.author ? `${tip.author.nickname} · ` : ''}
          {shortTime(tip.createdAt)} · {tip.group.name}
        </Text>
        {tip.alert && (
          <Text className='link alert-line' onClick={go(`${Routes.alertDetail}?id=${tip.alert.id}`)}>
            关于警情：{tip.alert.title}
          </Text>
        )}
      </View>

      {tip.reply && (
        <View className='card' id='tip-reply'>
          <Text className='card__title'>民警回复{tip.reply.public ? '（已公开给群成员，不显示提问人）' : ''}</Text>
          <Text className='alert-body'>{tip.reply.text}</Text>
          <Text className='muted'>
            {tip.reply.officer} · {shortTime(tip.reply.at)}
          </Text>
        </View>
      )}
      {tip.useful && (
        <View className='card' id='tip-useful-info'>
          <Text className='tag tag--ok'>
            ✓ 线索已被 {tip.useful.by} 采纳{tip.useful.pointsAwarded ? '，积分已发放' : ''}
          </Text>
        </View>
      )}
      {tip.ticket && (
        <View className='card' id='tip-ticket-info'>
          <Text>已转为工单{tip.ticket.number ? `：${tip.ticket.number}` : '（指挥中心立案后生成编号）'}</Text>
        </View>
      )}

      {(tip.abilities.markUseful || tip.abilities.reply || tip.abilities.toTicket) && <OfficerActions tip={tip} onChange={setTip} />}
    </View>
  );
}

function OfficerActions({ tip, onChange }: { tip: TipResponse; onChange: (t: TipResponse) => void }) {
  const [text, setText] = useState('');
  const [publish, setPublish] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [category, setCategory] = useState(TIP_TICKET_DEFAULT_CATEGORY);
  const [lat, setLat] = useState('');
  const [lng, setLng] = useState('');
  const canPublish = tip.kind === 'question' && tip.alert !== null && tip.textCheck === 'pass';

  const run = async (work: () => Promise<TipResponse>, ok: string) => {
    setBusy(true);
    try {
      onChange(await work());
      toastOk(ok);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const handleUseful = async () => {
    if (!(await confirm('采纳线索', '采纳后线索提供人将获得积分（每条线索只能采纳一次）。'))) return;
    await run(() => markTipUseful(tip.id), '已采纳');
  };
  const handleTicket = async () => {
    if (!(await confirm('转为工单', '将把这条线索转给街道指挥中心立案处理（不显示提供人）。'))) return;
    const loc = tip.place?.lat !== null && tip.place?.lat !== undefined ? null : await pickLocation(lat, lng);
    if (loc === undefined) return;
    const preset = TIP_TICKET_CATEGORIES.find((c) => c.code === category)!;
    await run(() => tipToTicket(tip.id, { categoryCode: category, answers: preset.answers, ...(loc ? { location: loc } : {}) }), '已转为工单');
  };
  const handleReply = async () => {
    const parsed = safeParseZh(replyTipSchema, { text, publish: canPublish && publish });
    if (!parsed.success) {
      setError(parsed.fields.text ?? Object.values(parsed.fields)[0] ?? '请填写回复');
      return;
    }
    setError(null);
    await run(() => replyTip(tip.id, parsed.data), '已回复');
    setText('');
  };

  return (
    <View className='card' id='tip-officer'>
      <Text className='card__title'>处理</Text>
      <View className='btn-group'>
        {tip.abilities.markUseful && (
          <Button id='tip-useful' className={`btn${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleUseful}>
            采纳（发放积分）
          </Button>
        )}
      </View>
      {tip.abilities.toTicket && (
        <View className='field alert-line' id='tip-ticket-form'>
          <Text className='field__label'>转为工单：问题类别</Text>
          <Chips idPrefix='tip-ticket-category' options={TIP_TICKET_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))} value={category} onChange={setCategory} />
          {(tip.place?.lat === null || tip.place?.lat === undefined) && !IS_WEAPP && (
            <View className='row alert-line'>
              <Input id='tip-ticket-lat' className='input grow' type='digit' value={lat} placeholder='纬度，如 32.06' onInput={(e) => setLat(e.detail.value)} />
              <Input id='tip-ticket-lng' className='input grow' type='digit' value={lng} placeholder='经度，如 118.63' onInput={(e) => setLng(e.detail.value)} />
            </View>
          )}
          <Button id='tip-ticket' className={`btn btn--plain alert-line${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleTicket}>
            {tip.place?.lat === null || tip.place?.lat === undefined ? (IS_WEAPP ? '选择位置并转为工单' : '转为工单') : '转为工单'}
          </Button>
        </View>
      )}
      {tip.abilities.reply && (
        <View className={`field alert-line${error ? ' field--invalid' : ''}`}>
          <Text className='field__label'>回复提供人（{text.length}/{AlertLimits.tipReplyMax}）</Text>
          <Textarea id='tip-reply-text' className='textarea' value={text} maxlength={AlertLimits.tipReplyMax} onInput={(e) => setText(e.detail.value)} />
          {error && <Text className='field__error'>{error}</Text>}
          {canPublish && (
            <Checkbox id='tip-reply-public' checked={publish} onChange={setPublish}>
              <Text>把问题和回答公开给收到该警情的成员（不显示提问人）</Text>
            </Checkbox>
          )}
          <Button id='tip-reply-submit' className={`btn btn--plain alert-line${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleReply}>
            发送回复
          </Button>
        </View>
      )}
    </View>
  );
}

/**
 * Where the problem is, for a tip without coordinates: the map picker in the mini-program, the typed
 * coordinates in H5. Undefined: cancelled or invalid (already told).
 */
async function pickLocation(lat: string, lng: string): Promise<{ lat: number; lng: number; address?: string } | undefined> {
  if (IS_WEAPP) {
    try {
      const r = await Taro.chooseLocation({});
      return { lat: r.latitude, lng: r.longitude, address: (r.address || r.name || '').slice(0, AlertLimits.placeNameMax) || undefined };
    } catch {
      return undefined;
    }
  }
  const la = Number(lat);
  const ln = Number(lng);
  if (!lat || !lng || !Number.isFinite(la) || !Number.isFinite(ln)) {
    void Taro.showToast({ title: '请填写问题位置的经纬度', icon: 'none' });
    return undefined;
  }
  return { lat: la, lng: ln };
}
