import type { AuditLogQuery, CreateContentReportInput, ModerationActionInput, ModerationQueueQuery } from '@linli/shared';
import { API_BASE } from '../constants/env';
import { call } from './request';
import { downloadFile } from './download';

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
  return downloadFile(`${API_BASE}/admin/audit-logs/export${qs ? `?${qs}` : ''}`, 'audit-logs.csv', { withToken: true });
}
