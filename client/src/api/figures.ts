/**
 * Figures (dashboard), the public board of tickets and the Open311 API keys (issue 4). Typed through
 * the shared contract (api/request.ts).
 */
import Taro from '@tarojs/taro';
import type { CreateOpen311KeyInput, FiguresQuery, TicketBoardQuery } from '@linli/shared';
import { API_BASE } from '../constants/env';
import { sessionStore } from '../stores/session';
import { ApiError, call, clientError } from './request';

/** The figures of a period (docs/FIGURES.md), optionally grouped. */
export const fetchFigures = (query: FiguresQuery) => call('figures', { query });

/** Public, non-sensitive tickets near a point, nearest first (no sign-in needed). */
export const fetchBoard = (query: Partial<TicketBoardQuery> & Pick<TicketBoardQuery, 'lat' | 'lng'>) => call('ticketBoard', { query });

/** Open311 API keys of my units (admins). */
export const fetchOpen311Keys = () => call('open311Keys');

/** Issues a key; the answer carries the key itself, this once. */
export const createOpen311Key = (input: CreateOpen311KeyInput) => call('createOpen311Key', { body: input });

export const revokeOpen311Key = (id: number) => call('revokeOpen311Key', { params: { id } });

/** The query string of a figures query (empty values left out). */
export function figuresQueryString(query: Partial<FiguresQuery>): string {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/**
 * H5 only: downloads the figures as CSV (same query) with the bearer token and saves it through a
 * temporary link. The mini-program cannot save arbitrary files, so it shows the figures only.
 */
export async function downloadFiguresCsv(query: FiguresQuery): Promise<void> {
  const token = sessionStore.token();
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/figures/export?${figuresQueryString(query)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw clientError('NETWORK_ERROR');
  }
  if (!res.ok) {
    let body: { message?: string } = {};
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    const code = res.status === 403 ? 'FORBIDDEN' : res.status === 401 ? 'UNAUTHENTICATED' : res.status === 422 ? 'VALIDATION_FAILED' : 'BAD_RESPONSE';
    throw new ApiError({ code, status: res.status, message: body.message ?? '导出失败，请稍后再试' });
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'figures.csv';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  void Taro.showToast({ title: '已开始下载', icon: 'none' });
}
