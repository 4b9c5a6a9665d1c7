import Taro from '@tarojs/taro';
import type { AuditLogQuery, CreateContentReportInput, ModerationActionInput, ModerationQueueQuery } from '@linli/shared';
import { API_BASE } from '../constants/env';
import { sessionStore } from '../stores/session';
import { ApiError, call, clientError } from './request';

export const reportContent = (input: CreateContentReportInput) => call('createContentReport', { body: input });

export const fetchModerationQueue = (query: Partial<ModerationQueueQuery> = {}) => call('moderationQueue', { query });

export const hideModerationItem = (id: number, input: ModerationActionInput) => call('hideModerationItem', { params: { id }, body: input });

export const restoreModerationItem = (id: number, input: ModerationActionInput) => call('restoreModerationItem', { params: { id }, body: input });

export const fetchAuditLogs = (query: Partial<AuditLogQuery> = {}) => call('auditLogs', { query });

/**
 * H5 only: downloads the audit log CSV (same filters) with the bearer token and saves it through a
 * temporary link. The mini-program shows the list only (WeChat cannot save arbitrary files there).
 */
export async function downloadAuditCsv(query: Partial<Omit<AuditLogQuery, 'cursor' | 'limit'>>): Promise<void> {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const token = sessionStore.token();
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/admin/audit-logs/export${qs ? `?${qs}` : ''}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw clientError('NETWORK_ERROR');
  }
  if (!res.ok) {
    let body: { message?: string; error?: string } = {};
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    throw new ApiError({ code: res.status === 403 ? 'FORBIDDEN' : res.status === 401 ? 'UNAUTHENTICATED' : 'BAD_RESPONSE', status: res.status, message: body.message ?? '导出失败，请稍后再试' });
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'audit-logs.csv';
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
