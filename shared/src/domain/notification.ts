import {
  NOTIFICATION_TEMPLATES,
  NotificationTemplateKey,
  type TemplateField,
  type WechatValueType,
} from '../constants/notification';

/**
 * Pure rendering of notifications: the inbox text and the `data` of WeChat's subscribe/send, with
 * WeChat's value limits applied so a rendered value never earns errcode 47003 ("argument invalid").
 * Values that can be shortened are (thing with '…', the others by cutting, since '…' is not allowed
 * there); values that cannot be made valid (a time that is not a time, a number that is not a number,
 * a phrase with no Chinese in it) throw `NotificationRenderError` before anything is stored or sent.
 */

/** A variable value as callers give it: text, a number, or a moment for time/date fields. */
export type NotificationVarValue = string | number | Date | null | undefined;
export type NotificationVars = Record<string, NotificationVarValue>;

/** WeChat's `data` object: `{ thing1: { value: '...' }, ... }`. */
export type WechatTemplateData = Record<string, { value: string }>;

export interface RenderedNotification {
  title: string;
  /** Inbox text: one `标签：值` line per field, values untruncated. */
  body: string;
  /** Page to open (WeChat `page` field and the inbox link), without a leading slash. */
  page: string;
  /** WeChat `data`, every value within its type's limit. */
  data: WechatTemplateData;
}

export class NotificationRenderError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`notification field ${field}: ${reason}`);
    this.name = 'NotificationRenderError';
  }
}

/** China Standard Time has no daylight saving: a fixed +8 hours. */
const CST_OFFSET_MS = 8 * 3600_000;
const ELLIPSIS = '…';
const THING_MAX = 20;
const NAME_MAX_CJK = 10;
const NAME_MAX_LATIN = 20;
const PHRASE_MAX = 5;
const CHARSTR_MAX = 32;

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_ALL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(field: string, v: NotificationVarValue): Date {
  const d = v instanceof Date ? v : typeof v === 'number' || typeof v === 'string' ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new NotificationRenderError(field, 'not a date/time');
  return d;
}

/** `YYYY年MM月DD日 HH:mm` in China Standard Time: the form WeChat's time fields accept. */
export function formatWechatTime(d: Date): string {
  const c = new Date(d.getTime() + CST_OFFSET_MS);
  return `${c.getUTCFullYear()}年${pad(c.getUTCMonth() + 1)}月${pad(c.getUTCDate())}日 ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`;
}

/** `YYYY年MM月DD日` in China Standard Time. */
export function formatWechatDate(d: Date): string {
  return formatWechatTime(d).slice(0, 11);
}

/**
 * Characters WeChat refuses in text values: control characters (newlines become spaces) and anything
 * outside the Basic Multilingual Plane (emoji), which WeChat counts and checks unpredictably.
 */
function cleanText(s: string): string {
  return Array.from(s.replace(/[\r\n\t]+/g, ' '))
    .filter((ch) => ch.codePointAt(0)! <= 0xffff && !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** `s` cut to `max` characters, the last one an ellipsis when something was cut. */
export function truncateWithEllipsis(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + ELLIPSIS;
}

function text(v: NotificationVarValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return formatWechatTime(v);
  return String(v);
}

/**
 * One value made valid for WeChat type `type`.
 * @throws NotificationRenderError when no valid value can be made from it.
 */
export function toWechatValue(field: string, type: WechatValueType, raw: NotificationVarValue): string {
  switch (type) {
    case 'thing': {
      const s = cleanText(text(raw));
      return s ? truncateWithEllipsis(s, THING_MAX) : '无';
    }
    case 'name': {
      // Pure Chinese (<= 10) or pure letters/symbols (<= 20); digits and emoji are not names.
      const s = cleanText(text(raw)).replace(/[0-9]/g, '').trim();
      if (!s) return '邻里用户';
      return Array.from(s).slice(0, CJK.test(s) ? NAME_MAX_CJK : NAME_MAX_LATIN).join('').trim();
    }
    case 'phrase': {
      const s = (text(raw).match(CJK_ALL) ?? []).join('');
      if (!s) throw new NotificationRenderError(field, 'a phrase needs Chinese characters');
      return Array.from(s).slice(0, PHRASE_MAX).join('');
    }
    case 'character_string': {
      const s = text(raw).replace(/[^\x21-\x7e]/g, '');
      if (!s) throw new NotificationRenderError(field, 'empty character_string');
      return s.slice(0, CHARSTR_MAX);
    }
    case 'letter': {
      const s = text(raw).replace(/[^A-Za-z]/g, '');
      if (!s) throw new NotificationRenderError(field, 'empty letter value');
      return s.slice(0, 32);
    }
    case 'symbol': {
      const s = text(raw).replace(/[A-Za-z0-9\s]/g, '');
      if (!s) throw new NotificationRenderError(field, 'empty symbol value');
      return Array.from(s).slice(0, 5).join('');
    }
    case 'number': {
      const s = typeof raw === 'number' ? String(raw) : text(raw).trim();
      if (!/^-?\d+(\.\d+)?$/.test(s) || s.replace(/\D/g, '').length > 32) {
        throw new NotificationRenderError(field, 'not a number of at most 32 digits');
      }
      return s;
    }
    case 'amount': {
      const n = typeof raw === 'number' ? raw : Number(text(raw).replace(/[¥￥元\s]/g, ''));
      if (!Number.isFinite(n) || n < 0 || n.toFixed(2).replace(/\D/g, '').length > 10) {
        throw new NotificationRenderError(field, 'not an amount of at most 10 digits');
      }
      return `¥${n.toFixed(2)}`;
    }
    case 'phone_number': {
      const s = text(raw).replace(/[^0-9+-]/g, '');
      if (!s || s.length > 17) throw new NotificationRenderError(field, 'not a phone number');
      return s;
    }
    case 'car_number': {
      const s = cleanText(text(raw)).replace(/\s/g, '');
      if (!s) throw new NotificationRenderError(field, 'empty car number');
      return Array.from(s).slice(0, 8).join('');
    }
    case 'time':
      return formatWechatTime(toDate(field, raw));
    case 'date':
      return formatWechatDate(toDate(field, raw));
  }
}

/** The value as the inbox shows it: cleaned and formatted, but never shortened. */
function inboxValue(field: TemplateField, raw: NotificationVarValue): string {
  if (field.type === 'time') return formatWechatTime(toDate(field.var, raw));
  if (field.type === 'date') return formatWechatDate(toDate(field.var, raw));
  if (field.type === 'amount' || field.type === 'number' || field.type === 'phrase') return toWechatValue(field.var, field.type, raw);
  return cleanText(text(raw)) || '无';
}

/** The page of template `key` for record `ref` (`{ref}` replaced, URL-encoded). */
export function notificationPage(key: NotificationTemplateKey, ref: string): string {
  return NOTIFICATION_TEMPLATES[key].page.replace('{ref}', encodeURIComponent(ref));
}

/**
 * Renders template `key` with `vars` for record `ref`: the inbox title and body, the page it opens,
 * and WeChat's `data` with every value inside its type's limits.
 * @throws NotificationRenderError for an unknown template or a value that cannot be made valid.
 */
export function renderNotification(key: NotificationTemplateKey, vars: NotificationVars, ref: string): RenderedNotification {
  const def = NOTIFICATION_TEMPLATES[key];
  if (!def) throw new NotificationRenderError('templateKey', `unknown template ${String(key)}`);
  const data: WechatTemplateData = {};
  const lines: string[] = [];
  for (const field of def.fields) {
    const raw = vars[field.var];
    data[field.key] = { value: toWechatValue(field.var, field.type, raw) };
    lines.push(`${field.label}：${inboxValue(field, raw)}`);
  }
  return { title: def.title, body: lines.join('\n'), page: notificationPage(key, ref), data };
}

/**
 * Checks a `data` object the way WeChat does (used by the fake WeChat server and by tests): the name of
 * the first field whose value breaks its type's rule, or null when all are valid.
 */
export function findInvalidWechatValue(data: Record<string, { value?: unknown } | undefined>): string | null {
  for (const [key, entry] of Object.entries(data)) {
    const type = (/^([a-z_]+?)\d+$/.exec(key)?.[1] ?? '') as WechatValueType;
    const value = entry?.value;
    if (typeof value !== 'string' || !isValidWechatValue(type, value)) return key;
  }
  return null;
}

/** Does `value` satisfy WeChat's rule for `type`? */
export function isValidWechatValue(type: WechatValueType, value: string): boolean {
  const len = Array.from(value).length;
  if (!value || /[\u0000-\u001f]/.test(value)) return false;
  switch (type) {
    case 'thing':
      return len <= THING_MAX && !/[\ud800-\udfff]/.test(value);
    case 'name':
      return CJK.test(value) ? len <= NAME_MAX_CJK && !/\d/.test(value) : len <= NAME_MAX_LATIN && !/\d/.test(value);
    case 'phrase':
      return len <= PHRASE_MAX && /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(value);
    case 'character_string':
      return len <= CHARSTR_MAX && /^[\x21-\x7e]+$/.test(value);
    case 'letter':
      return len <= 32 && /^[A-Za-z]+$/.test(value);
    case 'symbol':
      return len <= 5 && !/[A-Za-z0-9\s]/.test(value);
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) && value.replace(/\D/g, '').length <= 32;
    case 'amount':
      return /^[¥￥$]?\d+(\.\d+)?元?$/.test(value) && value.replace(/\D/g, '').length <= 10;
    case 'phone_number':
      return len <= 17 && /^[0-9+-]+$/.test(value);
    case 'car_number':
      return len <= 8;
    case 'time':
      return /^\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}$/.test(value);
    case 'date':
      return /^\d{4}年\d{2}月\d{2}日$/.test(value);
    default:
      return false;
  }
}
