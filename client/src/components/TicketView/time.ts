/** `7_500_000` -> `2 小时 5 分`; days above 24 h. Always positive wording (the caller says 剩余/超期). */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时${minutes % 60 ? ` ${minutes % 60} 分` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days} 天${hours % 24 ? ` ${hours % 24} 小时` : ''}`;
}

/** `剩余 2 小时 5 分` or `已超期 1 天 3 小时` for a deadline; null without one. */
export function timeLeftText(dueAt: string | null, now = Date.now()): string | null {
  if (!dueAt) return null;
  const ms = Date.parse(dueAt) - now;
  if (Number.isNaN(ms)) return null;
  return ms >= 0 ? `剩余 ${formatSpan(ms)}` : `已超期 ${formatSpan(ms)}`;
}

/** The same from a list row's `msLeft` (computed by the server when it answered). */
export function msLeftText(msLeft: number | null): string | null {
  if (msLeft === null || msLeft === undefined) return null;
  return msLeft >= 0 ? `剩余 ${formatSpan(msLeft)}` : `已超期 ${formatSpan(msLeft)}`;
}
