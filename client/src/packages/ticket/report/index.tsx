import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  RESIDENT_REPORT_SOURCES,
  TicketLimits,
  TicketSourceLabelZh,
  createTicketSchema,
  safeParseZh,
  type CategorySnapshot,
  type MediaResponse,
  type SimilarTicket,
  type ResidentReportSource,
  type TicketSource,
} from '@linli/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../../api/request';
import { createTicket, fetchCategory, fetchSimilarTickets, joinTicket } from '../../../api/tickets';
import CategoryPicker from '../../../components/CategoryPicker';
import Checkbox from '../../../components/Checkbox';
import LocationPicker, { resolvePoint, toLocationInput } from '../../../components/LocationPicker';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import PhotoUploader from '../../../components/PhotoUploader';
import QuestionFields, { checkAnswers, cleanAnswers } from '../../../components/QuestionFields';
import { Routes } from '../../../constants/routes';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { askSubscribe } from '../../../utils/subscribe';
import KeptPhotos from './KeptPhotos';
import SimilarPanel from './SimilarPanel';
import { draftStore, emptyDraft, hasContent, newIdempotencyKey, recentCategories, type DraftPhoto, type ReportDraft } from './draft';
import './index.scss';

/** The notifications a reporter is asked to allow when submitting (at most 3 per WeChat call). */
const SUBSCRIBE_KEYS = ['ticket_filed', 'ticket_handled', 'ticket_closed'] as const;

type Stage = 'form' | 'checking' | 'similar' | 'submitting';

export default function ReportPage() {
  return (
    <PageWrapper className='report'>
      <LoginGate>
        <ReportForm />
      </LoginGate>
    </PageWrapper>
  );
}

function sourceFromParams(value: string | undefined): ResidentReportSource {
  return value && (RESIDENT_REPORT_SOURCES as readonly string[]).includes(value) ? (value as ResidentReportSource) : 'resident';
}

function ReportForm() {
  const { user } = useSession();
  const userId = user!.id;
  const { params } = useRouter();
  const linkSource = sourceFromParams(params.source);
  const isBuildingHead = user!.roles.some((r) => r.role === 'building_head');

  const [restored] = useState(() => {
    const saved = draftStore.load(userId);
    return saved && hasContent(saved) ? saved : null;
  });
  const [draft, setDraft] = useState<ReportDraft>(() => restored ?? emptyDraft(linkSource));
  const [category, setCategory] = useState<CategorySnapshot | null>(null);
  const [categoryError, setCategoryError] = useState<ApiError | null>(null);
  const [newPhotos, setNewPhotos] = useState<DraftPhoto[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage>('form');
  const [similar, setSimilar] = useState<SimilarTicket[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [uploaderKey, setUploaderKey] = useState(0);
  const recent = useMemo(() => recentCategories.list(userId), [userId]);

  const update = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const photos = [...draft.photos, ...newPhotos];

  // Keep the draft on the device after every change (debounced): nothing is lost on a weak network.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => {
      const full = { ...draft, photos };
      if (hasContent(full)) draftStore.save(userId, full);
    }, 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft, newPhotos, userId]);

  // A restored draft knows only the category code: load its questions and evidence rule.
  useEffect(() => {
    if (!draft.categoryCode || category?.code === draft.categoryCode) return;
    let alive = true;
    setCategoryError(null);
    fetchCategory(draft.categoryCode).then(
      (c) => alive && setCategory(c),
      (e) => alive && setCategoryError(e instanceof ApiError ? e : null),
    );
    return () => {
      alive = false;
    };
  }, [draft.categoryCode, category?.code]);

  // Opened from another feature with a point (duty patrol check-in): use it unless the draft has one.
  useEffect(() => {
    const lat = Number(params.lat);
    const lng = Number(params.lng);
    if (draft.location || !params.lat || !params.lng || !Number.isFinite(lat) || !Number.isFinite(lng)) return;
    resolvePoint(lng, lat, 'link').then(
      (location) => setDraft((d) => (d.location ? d : { ...d, location, source: linkSource })),
      () => undefined,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const maxPhotos = Math.min(TicketLimits.reportPhotosMax, category?.evidence.maxPhotos ?? TicketLimits.reportPhotosMax);
  const minPhotos = Math.max(TicketLimits.reportPhotosMin, category?.evidence.minPhotos ?? TicketLimits.reportPhotosMin);

  const handleCategory = (c: CategorySnapshot) => {
    setCategory(c);
    // Answers belong to the category's questions: keep only those that still apply.
    const keys = new Set(c.questions.map((q) => q.key));
    update({
      categoryCode: c.code,
      categoryName: c.name,
      answers: Object.fromEntries(Object.entries(draft.answers).filter(([k]) => keys.has(k))),
      protectedReporter: draft.protectedReporter || c.protectedReporterSuggested,
    });
    setErrors((e) => ({ ...e, categoryCode: '' }));
  };

  const handleUploaded = (list: MediaResponse[]) => setNewPhotos(list.map((m) => ({ id: m.id, thumbUrl: m.thumbUrl, urlExpiresAt: m.urlExpiresAt })));

  /** The API body, or field errors (same schema as the server, plus the category's own rules). */
  const validate = () => {
    const body = {
      idempotencyKey: draft.idempotencyKey,
      categoryCode: draft.categoryCode ?? undefined,
      description: draft.description,
      photoIds: photos.map((p) => p.id),
      location: draft.location ? toLocationInput(draft.location) : undefined,
      answers: category ? cleanAnswers(category.questions, draft.answers) : {},
      anonymous: draft.anonymous,
      protectedReporter: draft.protectedReporter,
      onBehalfOf: isBuildingHead && draft.onBehalf.enabled ? { name: draft.onBehalf.name, consent: draft.onBehalf.consent } : undefined,
      source: sourceFromParams(draft.source),
    };
    const parsed = safeParseZh(createTicketSchema, body);
    const fields: Record<string, string> = parsed.success ? {} : { ...parsed.fields };
    if (!draft.location) fields.location = '请选择问题位置';
    else if (!draft.location.place.inside) fields.location = '这个位置不在任何网格内，请改报给最近的网格或重新选择位置';
    if (category) {
      if (photos.length < minPhotos) fields.photoIds = `这类问题请至少上传 ${minPhotos} 张照片`;
      for (const [k, m] of Object.entries(checkAnswers(category.questions, draft.answers))) fields[`answers.${k}`] = m;
    } else if (draft.categoryCode && !fields.categoryCode) {
      fields.categoryCode = '问题类型还在加载，请稍候';
    }
    return { body: parsed.success ? parsed.data : null, fields };
  };

  const send = async () => {
    const { body, fields } = validate();
    if (!body || Object.keys(fields).length) {
      setErrors(fields);
      setStage('form');
      return;
    }
    setStage('submitting');
    setFailure(null);
    try {
      const res = await createTicket(body);
      draftStore.clear(userId);
      if (category) recentCategories.remember(userId, { code: category.code, name: category.name });
      toastOk(res.replayed ? '已提交过，为您打开' : '上报成功');
      void Taro.redirectTo({ url: `${Routes.ticketDetail}?id=${res.ticket.id}` });
    } catch (e) {
      setStage('form');
      handleFailure(e);
    }
  };

  const handleFailure = (e: unknown) => {
    if (!(e instanceof ApiError)) {
      setFailure(errorMessage(e));
      return;
    }
    if (e.code === 'NETWORK_ERROR' || e.status >= 500 || e.code === 'RATE_LIMITED') {
      update({ pendingSubmit: true });
      setFailure(`${e.message}。草稿已保存在本机，恢复网络后点“重新提交”即可，不会重复上报。`);
      return;
    }
    if (e.code === 'OUTSIDE_JURISDICTION') {
      const nearest = e.data?.nearest as { name?: string } | undefined;
      setErrors({ location: nearest?.name ? `${e.message}，最近的网格是「${nearest.name}」，可以改报给它` : e.message });
      return;
    }
    if (e.code === 'IDEMPOTENCY_KEY_REUSED') {
      // The key belongs to another report already: this draft gets a fresh one.
      update({ idempotencyKey: newIdempotencyKey() });
      setFailure('提交标识已更新，请再点一次“提交”。');
      return;
    }
    if (e.code === 'CONTENT_RISKY') {
      setErrors({ description: e.message });
      return;
    }
    if (Object.keys(e.fields).length) setErrors(e.fields);
    setFailure(e.message);
  };

  const handleSubmit = () => {
    const { body, fields } = validate();
    if (!body || Object.keys(fields).length) {
      setErrors(fields);
      void Taro.showToast({ title: '请按提示补充信息', icon: 'none' });
      return;
    }
    setErrors({});
    // Asked synchronously inside the tap (WeChat shows no popup after an await); no-op in H5.
    void askSubscribe([...SUBSCRIBE_KEYS]);
    setStage('checking');
    fetchSimilarTickets({ categoryCode: body.categoryCode, lat: draft.location!.lat, lng: draft.location!.lng }).then(
      (list) => {
        if (list.length) {
          setSimilar(list);
          setStage('similar');
        } else void send();
      },
      // The duplicate check is a courtesy: when it fails, submitting says what is wrong.
      () => void send(),
    );
  };

  const handleJoin = async (t: SimilarTicket) => {
    try {
      const res = await joinTicket(t.id, {});
      draftStore.clear(userId);
      toastOk(res.replayed ? '您已加入过' : '已加入，进展会通知您');
      void Taro.redirectTo({ url: `${Routes.ticketDetail}?id=${t.id}` });
    } catch (e) {
      toastError(e);
    }
  };

  const handleReset = async () => {
    if (!(await confirm('清空草稿', '清空后已填写的内容和照片将不再保留，确定吗？', '清空'))) return;
    draftStore.clear(userId);
    setDraft(emptyDraft(linkSource));
    setCategory(null);
    setNewPhotos([]);
    setUploaderKey((k) => k + 1);
    setErrors({});
    setFailure(null);
  };

  if (stage === 'similar') {
    return (
      <SimilarPanel
        items={similar}
        onJoin={handleJoin}
        onContinue={() => void send()}
        onBack={() => setStage('form')}
        onOpen={(t) => Taro.navigateTo({ url: `${Routes.ticketDetail}?id=${t.id}` })}
      />
    );
  }

  const busy = stage === 'checking' || stage === 'submitting';
  const questions = category?.questions ?? [];
  const answerErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('answers.')).map(([k, v]) => [k.slice(8), v]));
  const locationError = errors.location || errors['location.address'] || errors['location.gridId'] || errors['location.lat'] || errors['location.lng'] || errors['location.mode'];

  return (
    <View id='report-form'>
      {restored && (
        <View className='card report__notice' id='report-restored'>
          <Text>
            {restored.pendingSubmit ? '上次提交因网络问题没有完成，草稿还在。检查无误后可直接重新提交，不会重复上报。' : `已恢复 ${formatDateTime(restored.updatedAt)} 保存在本机的草稿。`}
          </Text>
          <Text id='report-reset' className='link report__reset' onClick={handleReset}>
            清空草稿，重新填写
          </Text>
        </View>
      )}
      {draft.source !== 'resident' && (
        <View className='card report__notice'>
          <Text>来源：{TicketSourceLabelZh[draft.source as TicketSource] ?? draft.source}</Text>
        </View>
      )}

      <View className={`card${errors.categoryCode ? ' field--invalid' : ''}`}>
        <Text className='card__title'>问题类型</Text>
        <CategoryPicker id='report-category' value={draft.categoryCode} valueName={draft.categoryName} recent={recent} onChange={handleCategory} error={errors.categoryCode || undefined} />
        {categoryError && <Text className='field__error'>问题类型加载失败：{categoryError.message}</Text>}
      </View>

      <View className={`card field${errors.description ? ' field--invalid' : ''}`}>
        <Text className='card__title'>问题描述</Text>
        <Textarea
          id='report-description'
          className='textarea'
          value={draft.description}
          maxlength={TicketLimits.descriptionMax}
          placeholder='说说看到了什么、在哪儿、持续多久了，例如：小区北门人行道上长期停着三辆车，轮椅和婴儿车过不去'
          onInput={(e) => update({ description: e.detail.value })}
        />
        <Text className='field__hint'>
          {draft.description.trim().length}/{TicketLimits.descriptionMax} 字，至少 {TicketLimits.descriptionMin} 个字
        </Text>
        {errors.description && <Text className='field__error'>{errors.description}</Text>}
      </View>

      <View className={`card field${errors.photoIds ? ' field--invalid' : ''}`}>
        <Text className='card__title'>现场照片</Text>
        <Text className='card__desc report__photo-hint'>
          至少 {minPhotos} 张，最多 {maxPhotos} 张。照片会去除拍摄地点等隐私信息后保存。
        </Text>
        <View className='report__photos'>
          {draft.photos.length > 0 && <KeptPhotos photos={draft.photos} onRemove={(id) => update({ photos: draft.photos.filter((p) => p.id !== id) })} />}
          <PhotoUploader key={uploaderKey} id='report-photos' purpose='report' max={Math.max(0, maxPhotos - draft.photos.length)} onChange={handleUploaded} />
        </View>
        {errors.photoIds && <Text className='field__error'>{errors.photoIds}</Text>}
      </View>

      <View className='card field'>
        <Text className='card__title'>问题位置</Text>
        <LocationPicker id='report-location' value={draft.location} onChange={(location) => update({ location })} error={locationError} />
      </View>

      {questions.length > 0 && (
        <View className='card'>
          <Text className='card__title'>补充信息</Text>
          <QuestionFields id='report-question' questions={questions} answers={draft.answers} errors={answerErrors} onChange={(answers) => update({ answers })} />
        </View>
      )}

      <View className='card'>
        <Text className='card__title'>隐私与身份</Text>
        <Checkbox id='report-anonymous' checked={draft.anonymous} onChange={(anonymous) => update({ anonymous })}>
          <Text className='report__check-title'>对公众匿名</Text>
          <Text className='muted report__check-desc'>公开展示时不显示您的任何信息；指挥中心和处置部门仍知道是您上报的。</Text>
        </Checkbox>
        <Checkbox id='report-protected' checked={draft.protectedReporter} onChange={(protectedReporter) => update({ protectedReporter })}>
          <Text className='report__check-title'>保护上报人</Text>
          <Text className='muted report__check-desc'>连处置部门也看不到您的身份，只有街道和区指挥中心知道。</Text>
          {category?.protectedReporterSuggested && <Text className='report__suggest'>这类问题建议开启保护</Text>}
        </Checkbox>
        {isBuildingHead && (
          <View className='report__behalf' id='report-behalf'>
            <Checkbox id='report-behalf-toggle' checked={draft.onBehalf.enabled} onChange={(enabled) => update({ onBehalf: { ...draft.onBehalf, enabled } })}>
              <Text className='report__check-title'>替邻居上报</Text>
              <Text className='muted report__check-desc'>楼栋长可以替行动不便的邻居上报，需征得邻居同意。</Text>
            </Checkbox>
            {draft.onBehalf.enabled && (
              <View className='report__behalf-fields'>
                <View className={`field${errors['onBehalfOf.name'] ? ' field--invalid' : ''}`}>
                  <Text className='field__label'>邻居称呼</Text>
                  <Input
                    id='report-behalf-name'
                    className='input'
                    value={draft.onBehalf.name}
                    maxlength={TicketLimits.onBehalfNameMax}
                    placeholder='例如：3 栋 502 李奶奶'
                    onInput={(e) => update({ onBehalf: { ...draft.onBehalf, name: e.detail.value } })}
                  />
                  {errors['onBehalfOf.name'] && <Text className='field__error'>{errors['onBehalfOf.name']}</Text>}
                </View>
                <Checkbox id='report-behalf-consent' checked={draft.onBehalf.consent} onChange={(consent) => update({ onBehalf: { ...draft.onBehalf, consent } })}>
                  <Text>邻居已同意由我代为上报</Text>
                </Checkbox>
                {errors['onBehalfOf.consent'] && <Text className='field__error'>{errors['onBehalfOf.consent']}</Text>}
              </View>
            )}
          </View>
        )}
      </View>

      {failure && (
        <View className='card report__failure' id='report-failure' role='alert'>
          <Text>{failure}</Text>
        </View>
      )}
      {Object.values(errors).some(Boolean) && (
        <View className='card report__failure' id='report-errors' role='alert'>
          <Text>还有 {Object.values(errors).filter(Boolean).length} 处需要补充，请查看上面标红的提示。</Text>
        </View>
      )}

      <Button id='report-submit' className={`btn report__submit${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleSubmit}>
        {stage === 'checking' ? '正在查找附近的相同问题…' : stage === 'submitting' ? '正在提交…' : draft.pendingSubmit ? '重新提交' : '提交'}
      </Button>
      <Text className='muted report__footnote'>草稿会自动保存在本机，网络不好时不会丢失。提交后可在“我的上报”查看进度。</Text>
    </View>
  );
}
