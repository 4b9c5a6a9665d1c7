import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  DEPARTMENTS,
  REFUSAL_REASONS,
  RefusalReasonLabelZh,
  TicketActionLabelZh,
  TicketLimits,
  safeParseZh,
  ticketActionSchema,
  type DepartmentCode,
  type MediaResponse,
  type RefusalReason,
  type TicketAction,
  type TicketResponse,
} from '@linli/shared';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/request';
import { fetchCategory, ticketAction } from '../../api/tickets';
import { confirm, toastError, toastOk } from '../../utils/feedback';
import PhotoUploader from '../PhotoUploader';
import DispatchTargetPicker, { EMPTY_TARGET, toDispatchTarget, type DispatchTargetValue } from './DispatchTarget';
import './index.scss';

type Field = 'note' | 'reason' | 'refusal' | 'target' | 'suggestedDepartment' | 'days' | 'result' | 'photos' | 'rating' | 'comment';

interface FormSpec {
  /** Fields of the form; `!` marks required ones. */
  fields: Array<Field | `${Field}!`>;
  /** Label of the free-text reason/note. */
  textLabel?: string;
  placeholder?: string;
  hint?: string;
  danger?: boolean;
  /** Ask "确定吗？" instead of opening a form (no fields). */
  confirmText?: string;
}

/** What each action asks for. The schema (ticketActionSchema) has the final word on every field. */
const FORMS: Record<TicketAction, FormSpec> = {
  file: { fields: ['note'], textLabel: '立案意见（选填）' },
  refuse: { fields: ['refusal!', 'note'], textLabel: '说明（选填）', danger: true },
  cancel: { fields: ['note'], textLabel: '撤回原因（选填）', danger: true, hint: '撤回后指挥中心不再处理这条上报。' },
  dispatch: { fields: ['target!', 'note'], textLabel: '派遣说明（选填）' },
  accept: { fields: ['note'], textLabel: '签收说明（选填）', hint: '签收后开始计算处置时限内的工作。' },
  return: { fields: ['suggestedDepartment!', 'reason!'], textLabel: '退回理由', placeholder: '说明为什么不属于本部门', danger: true },
  request_extension: { fields: ['days!', 'reason!'], textLabel: '延期理由', placeholder: '例如：需要协调产权单位，预计下周完成' },
  approve_extension: { fields: ['days', 'note'], textLabel: '审批意见（选填）' },
  deny_extension: { fields: ['reason!'], textLabel: '驳回理由', danger: true },
  handle: { fields: ['result!', 'photos!'], textLabel: '处置结果', placeholder: '写明做了什么、现在的情况' },
  self_handle: { fields: ['result!', 'photos!'], textLabel: '处置结果', placeholder: '例如：已当场劝离占道摊位，现场已恢复', hint: '网格员当场解决，不再派遣。' },
  verify_pass: { fields: ['note', 'photos'], textLabel: '核查说明（选填）' },
  verify_fail: { fields: ['reason!', 'photos'], textLabel: '哪里还没解决', placeholder: '例如：垃圾只清了一半', danger: true },
  close: { fields: ['note'], textLabel: '结案说明（选填）' },
  rate: { fields: ['rating!', 'comment'], textLabel: '说说处理得怎么样（选填）' },
  reopen: { fields: ['reason!', 'photos'], textLabel: '现在的情况', placeholder: '例如：路灯修好两天又不亮了', danger: true, hint: '结案后 72 小时内可以反馈“没修好”，工单会退回重新处置。' },
  escalate: { fields: ['reason!'], textLabel: '上报区级的理由', placeholder: '例如：涉及多个街道，需要区级协调' },
  supervise: { fields: ['note!'], textLabel: '督办意见', placeholder: '例如：请于今天下班前反馈进展' },
  comment: { fields: ['note!', 'photos'], textLabel: '补充说明', placeholder: '补充情况、进展或照片' },
};

/** Order of the buttons: the next step first, the "no" answers after, housekeeping last. */
const ORDER: TicketAction[] = [
  'file',
  'dispatch',
  'accept',
  'handle',
  'self_handle',
  'verify_pass',
  'close',
  'rate',
  'approve_extension',
  'escalate',
  'request_extension',
  'verify_fail',
  'reopen',
  'return',
  'deny_extension',
  'refuse',
  'supervise',
  'comment',
  'cancel',
];

/** Residents see some actions in their own words. */
const RESIDENT_LABEL: Partial<Record<TicketAction, string>> = {
  verify_pass: '确认已解决',
  verify_fail: '还没解决',
  reopen: '没修好',
  rate: '评价',
  cancel: '撤回上报',
};

export function actionLabel(action: TicketAction, view: TicketResponse['view']): string {
  return (view === 'resident' && RESIDENT_LABEL[action]) || TicketActionLabelZh[action];
}

interface FormState {
  note: string;
  reason: string;
  refusal: RefusalReason | null;
  target: DispatchTargetValue;
  suggestedDepartment: DepartmentCode | null;
  days: string;
  result: string;
  photos: MediaResponse[];
  rating: number;
  comment: string;
}

const EMPTY_FORM: FormState = { note: '', reason: '', refusal: null, target: EMPTY_TARGET, suggestedDepartment: null, days: '', result: '', photos: [], rating: 0, comment: '' };

interface Props {
  ticket: TicketResponse;
  /** The fresh ticket after an action (or after a conflict). */
  onChanged: (ticket: TicketResponse) => void;
  /** Reload the ticket from the server (a conflict without a fresh copy). */
  onReload: () => Promise<void> | void;
  /** Prefix of element ids (default `action`): buttons `<id>-<action>`, submit `<id>-submit`. */
  id?: string;
  /** Actions not offered here (the page shows them elsewhere). */
  exclude?: TicketAction[];
}

/**
 * The caller's allowed actions on a ticket (from the server's `allowedActions`, never guessed), each
 * with the form it needs. Every request carries the ticket `version`; when someone else acted first
 * (409 CONFLICT) it says 已被他人处理 and shows the fresh state.
 */
export default function ActionPanel({ ticket, onChanged, onReload, id = 'action', exclude = [] }: Props) {
  const [open, setOpen] = useState<TicketAction | null>(null);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [suggested, setSuggested] = useState<DepartmentCode[]>([]);
  const [uploaderKey, setUploaderKey] = useState(0);

  // A new version (acted here or elsewhere) closes a form that was opened on the old one.
  useEffect(() => {
    setOpen(null);
  }, [ticket.id, ticket.version]);

  // The category's owning departments, suggested (and preselected) when dispatching or returning.
  useEffect(() => {
    if (open !== 'dispatch' && open !== 'return') return;
    let alive = true;
    fetchCategory(ticket.category.code).then(
      (c) => {
        if (!alive) return;
        setSuggested(c.departments);
        if (open === 'dispatch') setForm((f) => (f.target.kind === null ? { ...f, target: { kind: c.onSpotFixable && !c.departments.length ? 'grid' : 'departments', departments: c.departments.slice(0, 1) } } : f));
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [open, ticket.category.code]);

  const actions = ORDER.filter((a) => ticket.allowedActions.includes(a) && !exclude.includes(a));
  if (!actions.length && !notice) return null;

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const start = (action: TicketAction) => {
    setNotice(null);
    setErrors({});
    setForm({ ...EMPTY_FORM, days: action === 'approve_extension' && ticket.extensionRequest ? String(ticket.extensionRequest.days) : '' });
    setUploaderKey((k) => k + 1);
    setOpen(action);
  };

  const bodyFor = (action: TicketAction): Record<string, unknown> => {
    const f = form;
    const text = (s: string) => (s.trim() ? s.trim() : undefined);
    const has = (field: Field) => FORMS[action].fields.some((x) => x === field || x === `${field}!`);
    const body: Record<string, unknown> = { action, version: ticket.version };
    if (has('note')) body.note = text(f.note);
    if (has('reason')) body.reason = text(f.reason);
    if (has('refusal')) body.reason = f.refusal ?? undefined;
    if (has('target')) body.target = toDispatchTarget(f.target) ?? undefined;
    if (has('suggestedDepartment')) body.suggestedDepartment = f.suggestedDepartment ?? undefined;
    if (has('days')) body.days = f.days.trim() ? Number(f.days.trim()) : undefined;
    if (has('result')) body.result = text(f.result);
    if (has('photos')) {
      const ids = f.photos.map((p) => p.id);
      body.photoIds = ids.length || action === 'handle' || action === 'self_handle' ? ids : undefined;
    }
    if (has('rating')) body.rating = f.rating || undefined;
    if (has('comment')) body.comment = text(f.comment);
    return body;
  };

  const submit = async () => {
    if (!open) return;
    const parsed = safeParseZh(ticketActionSchema, bodyFor(open));
    if (!parsed.success) {
      setErrors(parsed.fields);
      return;
    }
    if (open === 'cancel' && !(await confirm('撤回上报', '撤回后指挥中心将不再处理这条上报，确定撤回吗？', '撤回'))) return;
    setBusy(true);
    setErrors({});
    try {
      const fresh = await ticketAction(ticket.id, parsed.data);
      toastOk(`已${actionLabel(open, ticket.view)}`);
      setOpen(null);
      onChanged(fresh);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        setNotice('已被他人处理，已为您刷新为最新状态，请确认后再操作。');
        void Taro.showToast({ title: '已被他人处理', icon: 'none', duration: 2500 });
        setOpen(null);
        const fresh = e.data?.ticket as TicketResponse | undefined;
        if (fresh && typeof fresh === 'object' && 'version' in fresh) onChanged(fresh);
        else await onReload();
      } else if (e instanceof ApiError && e.code === 'TICKET_TRANSITION_NOT_ALLOWED') {
        setNotice(`${e.message}（工单状态已变化，已为您刷新）`);
        setOpen(null);
        await onReload();
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        setErrors(e.fields);
      } else {
        toastError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const spec = open ? FORMS[open] : null;
  const wants = (field: Field) => spec?.fields.find((x) => x === field || x === `${field}!`);
  const required = (field: Field) => spec?.fields.includes(`${field}!`);
  const err = (...keys: string[]) => keys.map((k) => errors[k]).find(Boolean);

  return (
    <View className='action-panel' id={id}>
      {notice && (
        <View className='action-panel__notice' id={`${id}-notice`} role='alert'>
          <Text>{notice}</Text>
        </View>
      )}
      {!open && actions.length > 0 && (
        <View className='action-panel__buttons'>
          {actions.map((a) => (
            <Button key={a} id={`${id}-${a}`} className={`btn ${FORMS[a].danger ? 'btn--danger-plain' : a === actions[0] ? '' : 'btn--plain'}`} onClick={() => start(a)}>
              {actionLabel(a, ticket.view)}
            </Button>
          ))}
        </View>
      )}
      {open && spec && (
        <View className='action-panel__form' id={`${id}-form`} data-action={open}>
          <Text className='card__title'>{actionLabel(open, ticket.view)}</Text>
          {spec.hint && <Text className='field__hint action-panel__hint'>{spec.hint}</Text>}

          {wants('refusal') && (
            <View className={`field${err('reason') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>不予受理的原因</Text>
              <View className='action-panel__chips'>
                {REFUSAL_REASONS.map((r) => (
                  <Text key={r} id={`${id}-refusal-${r}`} className={`action-panel__chip${form.refusal === r ? ' action-panel__chip--on' : ''}`} onClick={() => set('refusal', r)}>
                    {form.refusal === r ? '✓ ' : ''}
                    {RefusalReasonLabelZh[r]}
                  </Text>
                ))}
              </View>
              {err('reason') && <Text className='field__error'>{err('reason')}</Text>}
            </View>
          )}

          {wants('target') && (
            <View className='field'>
              <Text className='field__label'>派遣给</Text>
              <DispatchTargetPicker id={`${id}-target`} value={form.target} onChange={(v) => set('target', v)} suggested={suggested} gridName={ticket.grid.name} error={err('target', 'target.departments', 'target.kind')} />
            </View>
          )}

          {wants('suggestedDepartment') && (
            <View className={`field${err('suggestedDepartment') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>应由哪个部门处理（必选）</Text>
              <View className='action-panel__chips'>
                {DEPARTMENTS.filter((d) => !(ticket.assignee?.kind === 'departments' && ticket.assignee.departments.some((x) => x.code === d.code && x.lead))).map((d) => (
                  <Text
                    key={d.code}
                    id={`${id}-suggest-${d.code}`}
                    className={`action-panel__chip${form.suggestedDepartment === d.code ? ' action-panel__chip--on' : ''}`}
                    onClick={() => set('suggestedDepartment', d.code)}
                  >
                    {form.suggestedDepartment === d.code ? '✓ ' : ''}
                    {d.name}
                  </Text>
                ))}
              </View>
              {err('suggestedDepartment') && <Text className='field__error'>{err('suggestedDepartment')}</Text>}
            </View>
          )}

          {wants('days') && (
            <View className={`field${err('days') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>{open === 'approve_extension' ? `批准延期（工作日，申请 ${ticket.extensionRequest?.days ?? '—'} 天）` : '申请延期（工作日）'}</Text>
              {open === 'approve_extension' && ticket.extensionRequest && <Text className='muted action-panel__hint'>申请理由：{ticket.extensionRequest.reason}</Text>}
              <Input id={`${id}-days`} className='input' type='number' value={form.days} placeholder={`${TicketLimits.extensionDaysMin}-${TicketLimits.extensionDaysMax}`} onInput={(e) => set('days', e.detail.value)} />
              {err('days') && <Text className='field__error'>{err('days')}</Text>}
            </View>
          )}

          {wants('rating') && (
            <View className={`field${err('rating') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>满意程度</Text>
              <View className='action-panel__stars' role='radiogroup'>
                {[1, 2, 3, 4, 5].map((n) => (
                  <View key={n} id={`${id}-rating-${n}`} className={`action-panel__star${form.rating >= n ? ' action-panel__star--on' : ''}`} role='radio' aria-checked={form.rating === n} onClick={() => set('rating', n)}>
                    {form.rating >= n ? '★' : '☆'}
                  </View>
                ))}
                <Text className='muted action-panel__rating-text'>{form.rating ? `${form.rating} 分 · ${['', '很不满意', '不满意', '一般', '满意', '非常满意'][form.rating]}` : '请点星星评分'}</Text>
              </View>
              {err('rating') && <Text className='field__error'>{err('rating')}</Text>}
            </View>
          )}

          {wants('result') && (
            <View className={`field${err('result') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>{spec.textLabel}</Text>
              <Textarea id={`${id}-result`} className='textarea' value={form.result} maxlength={TicketLimits.resultMax} placeholder={spec.placeholder} onInput={(e) => set('result', e.detail.value)} />
              {err('result') && <Text className='field__error'>{err('result')}</Text>}
            </View>
          )}

          {(wants('reason') || wants('note')) && (
            <View className={`field${err('reason', 'note') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>{wants('result') ? '备注（选填）' : spec.textLabel}</Text>
              <Textarea
                id={`${id}-text`}
                className='textarea action-panel__text'
                value={wants('reason') ? form.reason : form.note}
                maxlength={wants('reason') ? TicketLimits.reasonMax : TicketLimits.noteMax}
                placeholder={spec.placeholder}
                onInput={(e) => set(wants('reason') ? 'reason' : 'note', e.detail.value)}
              />
              {err('reason', 'note') && <Text className='field__error'>{err('reason', 'note')}</Text>}
            </View>
          )}

          {wants('comment') && (
            <View className={`field${err('comment') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>{spec.textLabel}</Text>
              <Textarea id={`${id}-comment`} className='textarea action-panel__text' value={form.comment} maxlength={TicketLimits.commentMax} onInput={(e) => set('comment', e.detail.value)} />
              {err('comment') && <Text className='field__error'>{err('comment')}</Text>}
            </View>
          )}

          {wants('photos') && (
            <View className={`field${err('photoIds') ? ' field--invalid' : ''}`}>
              <Text className='field__label'>{open === 'handle' || open === 'self_handle' ? '处置后照片（至少 1 张）' : '照片（选填）'}</Text>
              <PhotoUploader key={uploaderKey} id={`${id}-photos`} purpose='report' max={TicketLimits.reportPhotosMax} onChange={(list) => set('photos', list)} />
              {err('photoIds') && <Text className='field__error'>{err('photoIds')}</Text>}
            </View>
          )}

          {err('_', 'version', 'action') && <Text className='field__error'>{err('_', 'version', 'action')}</Text>}
          {required('photos') && <Text className='muted'>照片上传完成后再提交。</Text>}

          <View className='btn-group'>
            <Button className='btn btn--plain' disabled={busy} onClick={() => setOpen(null)}>
              取消
            </Button>
            <Button id={`${id}-submit`} className={`btn ${spec.danger ? 'btn--danger' : ''}${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
              确认{actionLabel(open, ticket.view)}
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
