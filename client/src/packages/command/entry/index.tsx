import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  STAFF_ENTRY_SOURCES,
  TicketLimits,
  TicketSourceLabelZh,
  safeParseZh,
  staffCreateTicketSchema,
  type CategorySnapshot,
  type CategoryAnswers,
  type MediaResponse,
  type StaffEntrySource,
} from '@linli/shared';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../api/request';
import { newIdempotencyKey, staffCreateTicket } from '../../../api/tickets';
import CategoryPicker from '../../../components/CategoryPicker';
import Checkbox from '../../../components/Checkbox';
import LocationPicker, { toLocationInput, type PickedLocation } from '../../../components/LocationPicker';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import PhotoUploader from '../../../components/PhotoUploader';
import QuestionFields, { checkAnswers, cleanAnswers } from '../../../components/QuestionFields';
import { Routes } from '../../../constants/routes';
import { useSession } from '../../../hooks/useSession';
import { toastOk } from '../../../utils/feedback';
import NoAccess from '../components/NoAccess';
import { grantsOf } from '../components/grants';
import './index.scss';

/** Sources a grid worker enters under; dispatchers may use every staff source. */
const GRID_SOURCES: StaffEntrySource[] = ['grid_patrol', 'committee', 'wechat_group'];

export default function StaffEntryPage() {
  return (
    <PageWrapper className='command-entry'>
      <LoginGate>
        <StaffEntry />
      </LoginGate>
    </PageWrapper>
  );
}

function StaffEntry() {
  const { user } = useSession();
  const { params } = useRouter();
  const isDispatcher = grantsOf(user, 'street_dispatcher').length > 0 || grantsOf(user, 'district_dispatcher').length > 0;
  const isGridWorker = grantsOf(user, 'grid_worker').length > 0;
  const sources: readonly StaffEntrySource[] = isDispatcher ? STAFF_ENTRY_SOURCES : GRID_SOURCES;
  const wanted = params.source as StaffEntrySource | undefined;

  // One key per entry form: a retry after a lost answer returns the ticket already made.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [source, setSource] = useState<StaffEntrySource>(wanted && sources.includes(wanted) ? wanted : sources[0]);
  const [category, setCategory] = useState<CategorySnapshot | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<MediaResponse[]>([]);
  const [location, setLocation] = useState<PickedLocation | null>(null);
  const [answers, setAnswers] = useState<CategoryAnswers>({});
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [fileNow, setFileNow] = useState(isDispatcher);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!isDispatcher && !isGridWorker) return <NoAccess who='指挥中心调度员和网格员' />;

  const submit = async () => {
    const body = {
      idempotencyKey,
      source,
      categoryCode: category?.code,
      description,
      photoIds: photos.map((p) => p.id),
      location: location ? toLocationInput(location) : undefined,
      answers: category ? cleanAnswers(category.questions, answers) : {},
      contactName: contactName.trim() || undefined,
      contactPhone: contactPhone.trim() || undefined,
      fileNow: isDispatcher && fileNow,
    };
    const parsed = safeParseZh(staffCreateTicketSchema, body);
    const fields: Record<string, string> = parsed.success ? {} : { ...parsed.fields };
    if (!location) fields.location = '请选择问题位置';
    else if (!location.place.inside) fields.location = '这个位置不在任何网格内，请改到最近的网格或重新选择';
    if (category) for (const [k, m] of Object.entries(checkAnswers(category.questions, answers))) fields[`answers.${k}`] = m;
    if (!parsed.success || Object.keys(fields).length) {
      setErrors(fields);
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const res = await staffCreateTicket(parsed.data);
      toastOk(res.replayed ? '已录入过，为您打开' : '已录入');
      void Taro.redirectTo({ url: `${Routes.ticketDetail}?id=${res.ticket.id}` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IDEMPOTENCY_KEY_REUSED') {
        setIdempotencyKey(newIdempotencyKey());
        setFailure('提交标识已更新，请再点一次“录入”。');
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        setErrors(e.fields);
        setFailure(e.message);
      } else if (e instanceof ApiError && e.code === 'NETWORK_ERROR') {
        setFailure(`${e.message}。填写的内容还在，恢复网络后再点“录入”，不会重复录入。`);
      } else {
        setFailure(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const answerErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('answers.')).map(([k, v]) => [k.slice(8), v]));
  const locationError = errors.location || errors['location.address'] || errors['location.gridId'] || errors['location.lat'] || errors['location.lng'];

  return (
    <View id='entry-form'>
      <View className='card'>
        <Text className='card__title'>案件来源</Text>
        <View className='entry__chips'>
          {sources.map((s) => (
            <View key={s} id={`entry-source-${s}`} className={`entry__chip${source === s ? ' entry__chip--on' : ''}`} role='radio' aria-checked={source === s} onClick={() => setSource(s)}>
              {source === s ? '✓ ' : ''}
              {TicketSourceLabelZh[s]}
            </View>
          ))}
        </View>
        {errors.source && <Text className='field__error'>{errors.source}</Text>}
      </View>

      <View className='card'>
        <Text className='card__title'>问题类型</Text>
        <CategoryPicker
          id='entry-category'
          value={category?.code ?? null}
          onChange={(c) => {
            setCategory(c);
            setAnswers({});
          }}
          error={errors.categoryCode}
        />
        {category?.onSpotFixable && isGridWorker && <Text className='field__hint'>这类问题网格员可以当场处置：录入后在详情页点“当场处置”。</Text>}
      </View>

      <View className={`card field${errors.description ? ' field--invalid' : ''}`}>
        <Text className='card__title'>问题描述</Text>
        <Textarea
          id='entry-description'
          className='textarea'
          value={description}
          maxlength={TicketLimits.descriptionMax}
          placeholder={source === 'hotline' ? '来电人反映的情况' : '现场看到的情况'}
          onInput={(e) => setDescription(e.detail.value)}
        />
        {errors.description && <Text className='field__error'>{errors.description}</Text>}
      </View>

      <View className={`card field${errors.photoIds ? ' field--invalid' : ''}`}>
        <Text className='card__title'>照片{source === 'hotline' ? '（选填）' : ''}</Text>
        <PhotoUploader id='entry-photos' purpose='report' max={TicketLimits.reportPhotosMax} onChange={setPhotos} />
        {errors.photoIds && <Text className='field__error'>{errors.photoIds}</Text>}
      </View>

      <View className='card'>
        <Text className='card__title'>问题位置</Text>
        <LocationPicker id='entry-location' value={location} onChange={setLocation} error={locationError} />
      </View>

      {category && category.questions.length > 0 && (
        <View className='card'>
          <Text className='card__title'>补充信息</Text>
          <QuestionFields id='entry-question' questions={category.questions} answers={answers} errors={answerErrors} onChange={setAnswers} />
        </View>
      )}

      {source !== 'grid_patrol' && (
        <View className='card'>
          <Text className='card__title'>反映人（选填，仅指挥中心可见）</Text>
          <View className={`field${errors.contactName ? ' field--invalid' : ''}`}>
            <Text className='field__label'>称呼</Text>
            <Input id='entry-contact-name' className='input' value={contactName} maxlength={TicketLimits.onBehalfNameMax} placeholder='例如：王先生' onInput={(e) => setContactName(e.detail.value)} />
            {errors.contactName && <Text className='field__error'>{errors.contactName}</Text>}
          </View>
          <View className={`field${errors.contactPhone ? ' field--invalid' : ''}`}>
            <Text className='field__label'>联系电话</Text>
            <Input id='entry-contact-phone' className='input' type='number' value={contactPhone} maxlength={20} onInput={(e) => setContactPhone(e.detail.value)} />
            {errors.contactPhone && <Text className='field__error'>{errors.contactPhone}</Text>}
          </View>
        </View>
      )}

      {isDispatcher && (
        <View className='card'>
          <Checkbox id='entry-file-now' checked={fileNow} onChange={setFileNow}>
            <Text className='entry__check-title'>录入后直接立案</Text>
            <Text className='muted entry__check-desc'>指挥中心录入的工单通常已核实，可以直接立案，再派遣。</Text>
          </Checkbox>
        </View>
      )}

      {failure && (
        <View className='card entry__failure' id='entry-failure' role='alert'>
          <Text>{failure}</Text>
        </View>
      )}
      <Button id='entry-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
        录入
      </Button>
    </View>
  );
}
