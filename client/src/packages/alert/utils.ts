import Taro from '@tarojs/taro';
import type { AlertResponse, AlertSeverity } from '@linli/shared';

/**
 * The record id in a page's `id` parameter. Links from subscription messages carry the notification ref,
 * e.g. `12&reminder=1` (URL-encoded or not): the leading number is the id.
 */
export function idParam(value: string | undefined): number | null {
  if (!value) return null;
  const n = parseInt(decodeURIComponent(value), 10);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export const go = (url: string) => () => void Taro.navigateTo({ url });

/** The tag class of a severity (colour repeats the text, never replaces it). */
export const severityClass = (s: AlertSeverity) => `tag alert-tag--${s}`;

/** `2026-11-30 16:00` in the device's time zone. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** What a card says about the caller's copy of an alert. */
export function myState(a: AlertResponse): string | null {
  if (!a.mine) return null;
  if (a.mine.acknowledgedAt) return '已确认收到';
  if (a.mine.openedAt) return '已读，未确认';
  return '未读';
}

/** A client-side idempotency key for a submit (kept across retries of the same form). */
export function newClientKey(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
