import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { AlertLimits, createTipSchema, safeParseZh, type MediaResponse, type TipKind } from '@linli/shared';
import { useEffect, useRef, useState } from 'react';
import { createTip } from '../../../api/alerts';
import Empty from '../../../components/Empty';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import PhotoUploader from '../../../components/PhotoUploader';
import { Routes } from '../../../constants/routes';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { askSubscribe, preloadSubscriptions } from '../../../utils/subscribe';
import Chips from '../components/Chips';
import { idParam, newClientKey } from '../utils';
import '../alert.scss';

export default function TipNewPage() {
  return (
    <PageWrapper className='alert-tip-new'>
      <LoginGate>
        <TipForm />
      </LoginGate>
    </PageWrapper>
  );
}

const KINDS: Array<{ value: TipKind; label: string }> = [
  { value: 'tip', label: '提供线索' },
  { value: 'question', label: '向民警提问' },
];

/**
 * A private tip or question to the officers of the group's police station (nobody else sees it): text,
 * up to 9 photos, a place. Questions about an alert may be answered publicly, without the asker's name.
 */
function TipForm() {
  const { params } = useRouter();
  const { token } = useSession();
  const alertId = idParam(params.alertId);
  const groupId = idParam(params.groupId);
  const [kind, setKind] = useState<TipKind>(params.kind === 'question' ? 'question' : 'tip');
  const [text, setText] = useState('');
  const [place, setPlace] = useState('');
  const [photos, setPhotos] = useState<MediaResponse[]>([]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const clientKey = useRef(newClientKey('tip'));
  useEffect(preloadSubscriptions, [token]);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: kind === 'question' ? '向民警提问' : '提供线索' });
  }, [kind]);

  if (alertId === null && groupId === null) return <Empty message='请从警情或邻里群打开' description='在警情详情里点“提供线索”或“向民警提问”' />;

  const handleSubmit = async () => {
    // Synchronously in the tap: a WeChat message when the officer answers.
    void askSubscribe(['tip_answered']);
    const parsed = safeParseZh(createTipSchema, {
      alertId: alertId ?? undefined,
      groupId: groupId ?? undefined,
      kind,
      text,
      photoIds: photos.map((p) => p.id),
      place: place.trim() ? { name: place.trim() } : undefined,
      clientKey: clientKey.current,
    });
    if (!parsed.success) {
      setFields(parsed.fields);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const tip = await createTip(parsed.data);
      toastOk('已发送给民警');
      void Taro.redirectTo({ url: `${Routes.alertTip}?id=${tip.id}` });
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id='tip-form'>
      <View className='card'>
        <Chips idPrefix='tip-kind' options={KINDS} value={kind} onChange={setKind} />
        <View className={`field alert-line${fields.text ? ' field--invalid' : ''}`}>
          <Text className='field__label'>{kind === 'question' ? '您的问题' : '您看到了什么'}（{text.length}/{AlertLimits.tipTextMax}）</Text>
          <Textarea
            id='tip-text'
            className='textarea'
            value={text}
            maxlength={AlertLimits.tipTextMax}
            placeholder={kind === 'question' ? '例如：收到假币应该怎么处理？' : '例如：店门口停了一辆没锁的电动车，车主不在'}
            onInput={(e) => setText(e.detail.value)}
          />
          {fields.text && <Text className='field__error'>{fields.text}</Text>}
        </View>
        <View className={`field alert-line${fields['place.name'] ? ' field--invalid' : ''}`}>
          <Text className='field__label'>地点（选填）</Text>
          <Input id='tip-place' className='input' value={place} maxlength={AlertLimits.placeNameMax} placeholder='例如：津浦路 12 号门口' onInput={(e) => setPlace(e.detail.value)} />
          {fields['place.name'] && <Text className='field__error'>{fields['place.name']}</Text>}
        </View>
      </View>
      <View className={`card field${fields.photoIds ? ' field--invalid' : ''}`}>
        <Text className='card__title'>照片（选填，最多 {AlertLimits.maxPhotos} 张）</Text>
        <PhotoUploader id='tip-photos' purpose='tip' max={AlertLimits.maxPhotos} onChange={setPhotos} />
        {fields.photoIds && <Text className='field__error'>{fields.photoIds}</Text>}
      </View>
      <Button id='tip-submit' className={`btn${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={handleSubmit}>
        {kind === 'question' ? '发送问题' : '发送线索'}
      </Button>
      <Text className='muted alert-line'>只有派出所民警能看到您发送的内容。{kind === 'question' ? '民警可能把问题和回答公开给群成员，但不会显示您的名字。' : '线索被采纳后可获得积分。'}</Text>
    </View>
  );
}
