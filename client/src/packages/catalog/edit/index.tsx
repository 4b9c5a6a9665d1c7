import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  createCategorySchema,
  DEPARTMENTS,
  formatTimeLimit,
  majorCategoryDefinitionSchema,
  minorCategoryDefinitionSchema,
  safeParseZh,
  updateCategorySchema,
  type AdminCategoryResponse,
  type DepartmentCode,
  type MajorCategoryDefinition,
  type TimeLimitUnit,
} from '@linli/shared';
import { useEffect, useState } from 'react';
import { createCategory, fetchAdminCategories, updateCategory } from '../../../api/categories';
import { ApiError } from '../../../api/request';
import Checkbox from '../../../components/Checkbox';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { canEditCatalogue, emptyMinorForm, formToMinor, isAdminUser, minorChanges, minorToForm, type MinorForm } from '../utils';
import QuestionEditor from './QuestionEditor';
import '../catalog.scss';

/** Edit a category (a new version on save) or create one: `?code=SR-0101`, `?new=minor&major=SR`, `?new=major`. */
export default function CatalogEditPage() {
  return (
    <PageWrapper className='catalog-edit'>
      <LoginGate>
        <Editor />
      </LoginGate>
    </PageWrapper>
  );
}

function Editor() {
  const { params } = useRouter();
  const { user, token } = useSession();
  const admin = isAdminUser(user);
  const list = useRequest(() => fetchAdminCategories(), [token], { enabled: admin, isEmpty: () => false });
  if (!admin) return <Empty message='没有权限' description='只有管理员可以查看类别目录' />;
  if (list.loading) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  const all = list.data ?? [];
  const majors = all.filter((c) => c.kind === 'major');
  const code = params.code ? decodeURIComponent(params.code) : null;
  const entry = code ? all.find((c) => c.code === code) : undefined;
  if (code && !entry) return <Empty message='类别不存在' />;
  const editor = canEditCatalogue(user);
  if (!entry && !editor) return <Empty message='没有权限' description='只有区级管理员可以新建类别' />;
  if ((entry?.kind ?? params.new) === 'major') return <MajorEditor entry={entry} editor={editor} />;
  return <MinorEditor entry={entry} majors={majors} initialMajor={params.major ?? majors[0]?.code ?? ''} editor={editor} />;
}

function FieldError({ error }: { error?: string }) {
  return error ? <Text className='field__error'>{error}</Text> : null;
}

/** Shown after a 409: someone saved a newer version meanwhile. */
function ConflictBanner({ fresh, onReload }: { fresh: AdminCategoryResponse; onReload: () => void }) {
  return (
    <View className='catalog-banner' id='catalog-conflict'>
      <Text>该类别已被他人修改，当前为第 {fresh.version} 版。载入最新版本后再修改，您未保存的修改将丢失。</Text>
      <Button id='catalog-conflict-reload' className='btn btn--inline' onClick={onReload}>
        载入最新版本
      </Button>
    </View>
  );
}

function useSaveState() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<AdminCategoryResponse | null>(null);
  /** Runs a save; 409 with a fresh category becomes the banner, field errors go under the fields. */
  const run = async (save: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await save();
      toastOk(ok);
      setTimeout(() => void Taro.navigateBack(), 600);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && e.data?.category) setConflict(e.data.category as AdminCategoryResponse);
      if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, conflict, setConflict, run };
}

function MajorEditor({ entry, editor }: { entry?: AdminCategoryResponse; editor: boolean }) {
  const blank: MajorCategoryDefinition = { code: '', name: '', domain: '城市管理', active: true };
  const [current, setCurrent] = useState<AdminCategoryResponse | undefined>(entry);
  const [form, setForm] = useState<MajorCategoryDefinition>(entry?.major ?? blank);
  const [note, setNote] = useState('');
  const s = useSaveState();

  const submit = () => {
    if (!current) {
      const parsed = safeParseZh(createCategorySchema, { kind: 'major', ...form });
      if (!parsed.success) return s.setErrors(parsed.fields);
      s.setErrors({});
      return s.run(() => createCategory(parsed.data), '已新建大类');
    }
    const whole = safeParseZh(majorCategoryDefinitionSchema, form);
    if (!whole.success) return s.setErrors(whole.fields);
    const prev = current.major!;
    const body = { version: current.version, note: note || undefined, ...(form.name !== prev.name ? { name: form.name } : {}), ...(form.domain !== prev.domain ? { domain: form.domain } : {}), ...(form.active !== prev.active ? { active: form.active } : {}) };
    const parsed = safeParseZh(updateCategorySchema, body);
    if (!parsed.success) return s.setErrors(parsed.fields);
    s.setErrors({});
    return s.run(() => updateCategory(current.code, body), `已保存为第 ${current.version + 1} 版`);
  };

  return (
    <View>
      {s.conflict && (
        <ConflictBanner
          fresh={s.conflict}
          onReload={() => {
            setCurrent(s.conflict!);
            setForm(s.conflict!.major!);
            s.setConflict(null);
          }}
        />
      )}
      <Text className='section-title'>{current ? `大类 ${current.code} · 第 ${current.version} 版` : '新建大类'}</Text>
      <View className='card'>
        {!current && (
          <View className={`field${s.errors.code ? ' field--invalid' : ''}`}>
            <Text className='field__label'>大类编码（2 个大写字母，保存后不能修改）</Text>
            <Input id='catalog-code' className='input' value={form.code} maxlength={2} onInput={(e) => setForm({ ...form, code: e.detail.value.toUpperCase() })} />
            <FieldError error={s.errors.code} />
          </View>
        )}
        <View className={`field${s.errors.name ? ' field--invalid' : ''}`}>
          <Text className='field__label'>名称</Text>
          <Input id='catalog-name' className='input' value={form.name} disabled={!editor} onInput={(e) => setForm({ ...form, name: e.detail.value })} />
          <FieldError error={s.errors.name} />
        </View>
        <View className={`field${s.errors.domain ? ' field--invalid' : ''}`}>
          <Text className='field__label'>所属领域</Text>
          <Input id='catalog-domain' className='input' value={form.domain} disabled={!editor} placeholder='如 城市管理、公共安全' onInput={(e) => setForm({ ...form, domain: e.detail.value })} />
          <FieldError error={s.errors.domain} />
        </View>
        <Checkbox id='catalog-active' checked={form.active} onChange={(active) => editor && setForm({ ...form, active })}>
          <Text>启用（停用后其下所有小类都不能再上报）</Text>
        </Checkbox>
      </View>
      {current && editor && <NoteField note={note} onChange={setNote} error={s.errors.note} />}
      <Actions current={current} editor={editor} busy={s.busy} onSubmit={submit} error={s.errors._} />
    </View>
  );
}

function NoteField({ note, onChange, error }: { note: string; onChange: (v: string) => void; error?: string }) {
  return (
    <View className={`field${error ? ' field--invalid' : ''}`}>
      <Text className='field__label'>修改说明（选填，记入版本历史）</Text>
      <Input id='catalog-note' className='input' value={note} maxlength={200} placeholder='如 按新的保洁标准调整时限' onInput={(e) => onChange(e.detail.value)} />
      <FieldError error={error} />
    </View>
  );
}

function Actions({ current, editor, busy, onSubmit, error }: { current?: AdminCategoryResponse; editor: boolean; busy: boolean; onSubmit: () => void; error?: string }) {
  return (
    <View>
      <FieldError error={error} />
      <View className='btn-group'>
        {current && (
          <Button id='catalog-history' className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: `${Routes.catalogHistory}?code=${encodeURIComponent(current.code)}` })}>
            版本历史
          </Button>
        )}
        {editor && (
          <Button id='catalog-save' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={onSubmit}>
            {current ? '保存为新版本' : '新建'}
          </Button>
        )}
      </View>
      {!editor && <Text className='muted'>只有区级管理员可以修改类别目录。</Text>}
    </View>
  );
}

const UNIT_LABEL: Record<TimeLimitUnit, string> = { hours: '工作小时', days: '工作日' };

function MinorEditor({ entry, majors, initialMajor, editor }: { entry?: AdminCategoryResponse; majors: AdminCategoryResponse[]; initialMajor: string; editor: boolean }) {
  const [current, setCurrent] = useState<AdminCategoryResponse | undefined>(entry);
  const [form, setForm] = useState<MinorForm>(entry?.minor ? minorToForm(entry.minor) : emptyMinorForm(initialMajor));
  const [note, setNote] = useState('');
  const s = useSaveState();
  useEffect(() => {
    if (!current) Taro.setNavigationBarTitle({ title: '新建小类' }).catch(() => undefined);
  }, [current]);

  const set = <K extends keyof MinorForm>(k: K, v: MinorForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const text = (k: keyof MinorForm) => (e: { detail: { value: string } }) => set(k, e.detail.value as never);
  const toggleDepartment = (code: DepartmentCode) =>
    set('departments', form.departments.includes(code) ? form.departments.filter((d) => d !== code) : [...form.departments, code]);

  const submit = () => {
    const next = formToMinor(form);
    if (!current) {
      const parsed = safeParseZh(createCategorySchema, { kind: 'minor', ...next });
      if (!parsed.success) return s.setErrors(parsed.fields);
      s.setErrors({});
      return s.run(() => createCategory(parsed.data), '已新建小类');
    }
    const whole = safeParseZh(minorCategoryDefinitionSchema, next);
    if (!whole.success) return s.setErrors(whole.fields);
    const changes = minorChanges(current.minor!, next);
    if (Object.keys(changes).length === 0) return s.setErrors({ _: '没有要修改的内容' });
    const body = { version: current.version, note: note || undefined, ...changes };
    const parsed = safeParseZh(updateCategorySchema, body);
    if (!parsed.success) return s.setErrors(parsed.fields);
    s.setErrors({});
    return s.run(() => updateCategory(current.code, body), `已保存为第 ${current.version + 1} 版`);
  };

  const e = s.errors;
  const numField = (k: keyof MinorForm, label: string, errKey: string, hint?: string) => (
    <View className={`field${e[errKey] ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      <Input id={`catalog-${k}`} className='input' type='number' value={form[k] as string} disabled={!editor} onInput={text(k)} />
      {hint && <Text className='field__hint'>{hint}</Text>}
      <FieldError error={e[errKey]} />
    </View>
  );
  const limitField = (which: 'file' | 'handle', label: string) => {
    const amountKey = `${which}Amount` as const;
    const unitKey = `${which}Unit` as const;
    const errKey = `${which}Limit.amount`;
    return (
      <View className={`field${e[errKey] ? ' field--invalid' : ''}`}>
        <Text className='field__label'>{label}</Text>
        <View className='row'>
          <Input id={`catalog-${amountKey}`} className='input grow' type='number' value={form[amountKey]} disabled={!editor} onInput={text(amountKey)} />
          {(['hours', 'days'] as TimeLimitUnit[]).map((u) => (
            <Text key={u} id={`catalog-${unitKey}-${u}`} className={`catalog-chip${form[unitKey] === u ? ' catalog-chip--on' : ''}`} onClick={() => editor && set(unitKey, u)}>
              {UNIT_LABEL[u]}
            </Text>
          ))}
        </View>
        <Text className='field__hint'>工作时间为工作日 8:30-12:00、13:30-17:30（北京时间），节假日和调休按国务院通知计算。</Text>
        <FieldError error={e[errKey] ?? e[`${which}Limit.unit`]} />
      </View>
    );
  };

  return (
    <View>
      {s.conflict && (
        <ConflictBanner
          fresh={s.conflict}
          onReload={() => {
            setCurrent(s.conflict!);
            setForm(minorToForm(s.conflict!.minor!));
            s.setConflict(null);
          }}
        />
      )}
      <Text className='section-title'>
        {current ? `小类 ${current.code} · 第 ${current.version} 版 · 处置时限 ${formatTimeLimit(current.minor!.handleLimit)}` : '新建小类（第 1 版）'}
      </Text>
      <View className='card'>
        {!current && (
          <>
            <View className={`field${e.majorCode ? ' field--invalid' : ''}`}>
              <Text className='field__label'>所属大类</Text>
              <View className='catalog-chips'>
                {majors.map((m) => (
                  <Text
                    key={m.code}
                    id={`catalog-major-pick-${m.code}`}
                    className={`catalog-chip${form.majorCode === m.code ? ' catalog-chip--on' : ''}`}
                    onClick={() => setForm((f) => ({ ...f, majorCode: m.code, code: f.code.startsWith(`${f.majorCode}-`) || !f.code ? `${m.code}-${f.code.slice(3)}` : f.code }))}
                  >
                    {m.code} {m.name}
                  </Text>
                ))}
              </View>
              <FieldError error={e.majorCode} />
            </View>
            <View className={`field${e.code ? ' field--invalid' : ''}`}>
              <Text className='field__label'>小类编码（大类编码加 4 位数字，保存后不能修改）</Text>
              <Input id='catalog-code' className='input' value={form.code} maxlength={7} placeholder='如 SR-0199' onInput={(ev) => set('code', ev.detail.value.toUpperCase())} />
              <FieldError error={e.code} />
            </View>
          </>
        )}
        <View className={`field${e.name ? ' field--invalid' : ''}`}>
          <Text className='field__label'>名称</Text>
          <Input id='catalog-name' className='input' value={form.name} disabled={!editor} onInput={text('name')} />
          <FieldError error={e.name} />
        </View>
        <View className={`field${e.description ? ' field--invalid' : ''}`}>
          <Text className='field__label'>说明（给上报人看）</Text>
          <Textarea id='catalog-description' className='textarea' value={form.description} maxlength={200} autoHeight disabled={!editor} onInput={text('description')} />
          <FieldError error={e.description} />
        </View>
        <View className={`field${e.keywords || e['keywords.0'] ? ' field--invalid' : ''}`}>
          <Text className='field__label'>关键词（居民常用的说法，空格分隔，用于搜索）</Text>
          <Input id='catalog-keywords' className='input' value={form.keywords} disabled={!editor} placeholder='如 乱停车 挪车' onInput={text('keywords')} />
          <FieldError error={e.keywords ?? Object.entries(e).find(([k]) => k.startsWith('keywords.'))?.[1]} />
        </View>
      </View>

      <Text className='section-title'>责任部门（第一个为牵头部门）</Text>
      <View className='card'>
        <View className='catalog-chips' id='catalog-departments'>
          {DEPARTMENTS.map((d) => {
            const index = form.departments.indexOf(d.code);
            return (
              <Text key={d.code} id={`catalog-department-${d.code}`} className={`catalog-chip${index >= 0 ? ' catalog-chip--on' : ''}`} onClick={() => editor && toggleDepartment(d.code)}>
                {index >= 0 ? `${index + 1}. ` : ''}
                {d.name}
              </Text>
            );
          })}
        </View>
        <FieldError error={e.departments ?? Object.entries(e).find(([k]) => k.startsWith('departments.'))?.[1]} />
        <Checkbox id='catalog-onSpotFixable' checked={form.onSpotFixable} onChange={(v) => editor && set('onSpotFixable', v)}>
          <Text>网格员可当场处置（不需派遣）</Text>
        </Checkbox>
      </View>

      <Text className='section-title'>时限和证据</Text>
      <View className='card'>
        {limitField('file', '立案时限（上报后）')}
        {limitField('handle', '处置时限（派遣后）')}
        <View className='catalog-grid'>
          {numField('minPhotos', '最少照片', 'evidence.minPhotos')}
          {numField('maxPhotos', '最多照片', 'evidence.maxPhotos')}
        </View>
        <View className='catalog-grid'>
          {numField('radius', '查重半径（米）', 'duplicateRadiusMeters', '此范围内同类未办结工单会提示“我也遇到”')}
          {numField('window', '查重时间窗（小时）', 'duplicateWindowHours')}
        </View>
      </View>

      <Text className='section-title'>隐私</Text>
      <View className='card'>
        <Checkbox id='catalog-sensitive' checked={form.sensitive} onChange={(v) => editor && set('sensitive', v)}>
          <Text>敏感类别（不在公开看板显示）</Text>
        </Checkbox>
        <Checkbox id='catalog-protected' checked={form.protectedReporterSuggested} onChange={(v) => editor && set('protectedReporterSuggested', v)}>
          <Text>建议保护举报人（对职能部门也隐藏身份，如涉毒、传销线索）</Text>
        </Checkbox>
        <FieldError error={e.protectedReporterSuggested ?? e.sensitive} />
        <Checkbox id='catalog-active' checked={form.active} onChange={(v) => editor && set('active', v)}>
          <Text>启用（停用后不能再选此类别上报，已有工单不受影响）</Text>
        </Checkbox>
      </View>

      <Text className='section-title'>补充问题（上报时填写）</Text>
      <View className='card'>
        {editor ? (
          <QuestionEditor questions={form.questions} onChange={(q) => set('questions', q)} errors={e} />
        ) : (
          form.questions.map((q) => (
            <Text key={q.key} className='catalog-entry__line'>
              {q.label}
              {q.required ? '（必答）' : ''}
            </Text>
          ))
        )}
      </View>

      {current && editor && <NoteField note={note} onChange={setNote} error={e.note} />}
      <Actions current={current} editor={editor} busy={s.busy} onSubmit={submit} error={e._} />
    </View>
  );
}
