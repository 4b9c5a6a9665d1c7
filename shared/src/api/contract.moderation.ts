import { z } from 'zod';
import type { EndpointSpec } from './contract';
import {
  auditLogQuerySchema,
  createContentReportSchema,
  moderationActionSchema,
  moderationQueueQuerySchema,
} from '../schemas/moderation.schema';

/** WeChat's message-push verification parameters (server URL check and every push). */
export const wechatPushQuerySchema = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(128).optional(),
});

/**
 * Content checks, moderation queue, user reports, audit log, WeChat push (issue 3).
 * The audit log is read-only by design: there is no endpoint that edits or deletes an audit row.
 */
export const MODERATION_API = {
  wechatPushVerify: { method: 'GET', path: '/wechat/push', summary: 'WeChat message-push URL verification (echoes echostr, text/plain)', tag: 'wechat', access: 'public', query: wechatPushQuerySchema, response: 'text/plain echostr' },
  wechatPush: { method: 'POST', path: '/wechat/push', summary: 'WeChat message push (JSON mode): media check verdicts, subscription events', tag: 'wechat', access: 'public', query: wechatPushQuerySchema, response: "text/plain 'success'" },
  createContentReport: { method: 'POST', path: '/content-reports', summary: 'Report content (举报)', tag: 'moderation', access: 'user', body: createContentReportSchema, response: 'ContentReportResponse' },
  moderationQueue: { method: 'GET', path: '/admin/moderation', summary: 'Moderation items inside my units, pending first (admin or community police)', tag: 'moderation', access: 'admin', query: moderationQueueQuerySchema, response: 'ModerationItemResponse[]' },
  hideModerationItem: { method: 'POST', path: '/admin/moderation/:id/hide', summary: 'Hide content (reason required, audited)', tag: 'moderation', access: 'admin', body: moderationActionSchema, response: 'ModerationItemResponse' },
  restoreModerationItem: { method: 'POST', path: '/admin/moderation/:id/restore', summary: 'Publish held or hidden content (reason required, audited)', tag: 'moderation', access: 'admin', body: moderationActionSchema, response: 'ModerationItemResponse' },
  auditLogs: { method: 'GET', path: '/admin/audit-logs', summary: 'Audit log inside my units, newest first (keyset pages)', tag: 'admin', access: 'admin', query: auditLogQuerySchema, response: 'Page<AuditLogResponse>' },
  exportAuditLogs: { method: 'GET', path: '/admin/audit-logs/export', summary: 'Audit log as CSV (UTF-8 with BOM), same filters', tag: 'admin', access: 'admin', query: auditLogQuerySchema.omit({ cursor: true, limit: true }), response: 'text/csv' },
} as const satisfies Record<string, EndpointSpec>;
