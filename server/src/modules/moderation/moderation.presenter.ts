import {
  AuditActionLabelZh,
  AuditLogResponse,
  ContentReportResponse,
  ModerationContentTypeLabelZh,
  ModerationItemResponse,
  ModerationSourceLabelZh,
  ModerationStatusLabelZh,
  ReportReasonLabelZh,
  Role,
  RoleLabelZh,
} from '@linli/shared';
import type { AuditLogEntity } from '../../common/audit/audit-log.entity';
import type { ContentReportEntity } from './content-report.entity';
import type { ModerationItemEntity } from './moderation-item.entity';

/** An item as the service hands it over: with the names the response shows. */
export interface ModerationItemView {
  item: ModerationItemEntity;
  ownerNickname: string | null;
  reviewerNickname: string | null;
  unitName: string | null;
  thumbnailUrl: string | null;
}

export interface AuditLogView {
  row: AuditLogEntity;
  actorNickname: string;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function presentModerationItem(v: ModerationItemView): ModerationItemResponse {
  const i = v.item;
  return {
    id: i.id,
    contentType: i.contentType,
    contentTypeLabel: ModerationContentTypeLabelZh[i.contentType] ?? i.contentType,
    targetId: i.targetId,
    excerpt: i.excerpt,
    mediaId: i.mediaId,
    thumbnailUrl: v.thumbnailUrl,
    owner: i.ownerId !== null ? { id: i.ownerId, nickname: v.ownerNickname ?? '未知用户' } : null,
    unitName: v.unitName,
    source: i.source,
    sourceLabel: ModerationSourceLabelZh[i.source] ?? i.source,
    status: i.status,
    statusLabel: ModerationStatusLabelZh[i.status] ?? i.status,
    reason: i.reason,
    reportCount: i.reportCount,
    traceId: i.traceId,
    suggest: i.suggest,
    label: i.label,
    reviewer: i.reviewerId !== null ? { id: i.reviewerId, nickname: v.reviewerNickname ?? '未知用户' } : null,
    reviewedAt: iso(i.reviewedAt),
    createdAt: iso(i.createdAt)!,
    version: i.version,
  };
}

export function presentContentReport(r: ContentReportEntity): ContentReportResponse {
  return {
    id: r.id,
    targetType: r.targetType,
    targetId: Number(r.targetId),
    reason: r.reason,
    reasonLabel: ReportReasonLabelZh[r.reason],
    status: r.status,
    createdAt: iso(r.createdAt)!,
  };
}

/** Actor 0 is the system (seeders, imports at start-up). */
export function actorRoleLabel(role: string): string {
  if (role === 'system') return '系统';
  return RoleLabelZh[role as Role] ?? role;
}

export function presentAuditLog(v: AuditLogView): AuditLogResponse {
  const r = v.row;
  return {
    id: r.id,
    actor: { id: r.actorId, nickname: v.actorNickname, role: r.actorRole, roleLabel: actorRoleLabel(r.actorRole) },
    action: r.action,
    actionLabel: AuditActionLabelZh[r.action] ?? r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    unitPath: r.unitPath,
    before: r.before,
    after: r.after,
    createdAt: iso(r.createdAt)!,
  };
}

/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
const BOM = '\uFEFF';

/** One CSV cell: quoted when needed; a leading = + - @ is defused (CSV injection in spreadsheets). */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A timestamp in Beijing time, `YYYY-MM-DD HH:mm:ss` (what a spreadsheet user expects). */
export function beijingTime(d: Date): string {
  const t = new Date(new Date(d).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/** The audit log as CSV (UTF-8 with BOM, CRLF), newest first. */
export function auditLogCsv(views: AuditLogView[]): string {
  const header = ['编号', '时间（北京时间）', '操作人', '操作人编号', '身份', '操作', '对象类型', '对象编号', '辖区路径', '变更前', '变更后'];
  const lines = [header.map(csvCell).join(',')];
  for (const v of views) {
    const p = presentAuditLog(v);
    lines.push(
      [p.id, beijingTime(v.row.createdAt), p.actor.nickname, p.actor.id, p.actor.roleLabel, p.actionLabel, p.targetType, p.targetId, p.unitPath, p.before, p.after]
        .map((c) => csvCell(typeof c === 'number' ? String(c) : c))
        .join(','),
    );
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
