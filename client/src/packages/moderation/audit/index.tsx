import { Button, Picker, Text, View } from '@tarojs/components';
import { AuditActionLabelZh, type AuditLogQuery, type AuditLogResponse } from '@linli/shared';
import { useState } from 'react';
import { downloadAuditCsv, fetchAuditLogs } from '../../../api/moderation';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_H5 } from '../../../constants/env';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { canReadAuditLog } from '../../../utils/roles';
import './index.scss';

const ACTIONS = [{ key: '', label: '全部操作' }, ...Object.entries(AuditActionLabelZh).map(([key, label]) => ({ key, label }))];

type Filters = Pick<AuditLogQuery, 'action' | 'from' | 'to'>;

export default function AuditLogPage() {
  return (
    <PageWrapper className='audit'>
      <LoginGate>
        <AuditLog />
      </LoginGate>
    </PageWrapper>
  );
}

function AuditLog() {
  const { user, token } = useSession();
  const enabled = canReadAuditLog(user);
  const [filters, setFilters] = useState<Filters>({});
  const [more, setMore] = useState<AuditLogResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [exporting, setExporting] = useState(false);
  const page = useRequest(
    async () => {
      const p = await fetchAuditLogs(filters);
      setMore([]);
      setCursor(p.nextCursor);
      return p;
    },
    [token, filters.action, filters.from, filters.to],
    { enabled, isEmpty: (p) => p.items.length === 0 },
  );

  if (!enabled) return <Empty message='没有权限' description='只有辖区管理员可以查看操作日志' />;

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const p = await fetchAuditLogs({ ...filters, cursor });
      setMore((m) => [...m, ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      toastError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadAuditCsv(filters);
    } catch (e) {
      toastError(e);
    } finally {
      setExporting(false);
    }
  };

  const actionIndex = Math.max(0, ACTIONS.findIndex((a) => a.key === (filters.action ?? '')));
  const rows = [...(page.data?.items ?? []), ...more];
  return (
    <View>
      <View className='card audit__filters'>
        <Picker mode='selector' range={ACTIONS.map((a) => a.label)} value={actionIndex} onChange={(e) => setFilters((f) => ({ ...f, action: ACTIONS[Number(e.detail.value)].key || undefined }))}>
          <View id='audit-filter-action' className='cell cell--link'>
            <Text className='cell__label'>操作类型</Text>
            <Text className='cell__value'>{ACTIONS[actionIndex].label}</Text>
          </View>
        </Picker>
        <Picker mode='date' value={filters.from ?? ''} onChange={(e) => setFilters((f) => ({ ...f, from: String(e.detail.value) || undefined }))}>
          <View id='audit-filter-from' className='cell cell--link'>
            <Text className='cell__label'>开始日期</Text>
            <Text className='cell__value'>{filters.from ?? '不限'}</Text>
          </View>
        </Picker>
        <Picker mode='date' value={filters.to ?? ''} onChange={(e) => setFilters((f) => ({ ...f, to: String(e.detail.value) || undefined }))}>
          <View id='audit-filter-to' className='cell cell--link'>
            <Text className='cell__label'>结束日期</Text>
            <Text className='cell__value'>{filters.to ?? '不限'}</Text>
          </View>
        </Picker>
        <View className='btn-group'>
          {(filters.action || filters.from || filters.to) && (
            <Button className='btn btn--plain' onClick={() => setFilters({})}>
              清除筛选
            </Button>
          )}
          {IS_H5 && (
            <Button id='audit-export' className={`btn btn--plain${exporting ? ' btn--disabled' : ''}`} loading={exporting} disabled={exporting} onClick={exportCsv}>
              导出 CSV
            </Button>
          )}
        </View>
      </View>

      {page.loading ? (
        <Loading />
      ) : page.error ? (
        <ErrorState error={page.error} onRetry={page.reload} />
      ) : page.empty ? (
        <Empty message='没有符合条件的操作记录' />
      ) : (
        <View id='audit-list'>
          {rows.map((r) => (
            <View key={r.id} className='card audit-row' id={`audit-row-${r.id}`}>
              <View className='row row--between'>
                <Text className='audit-row__action'>{r.actionLabel}</Text>
                <Text className='muted'>{formatDateTime(r.createdAt)}</Text>
              </View>
              <Text className='audit-row__line'>
                操作人：{r.actor.nickname}（{r.actor.roleLabel}）
              </Text>
              <Text className='muted audit-row__line'>
                对象：{r.targetType}
                {r.targetId ? ` #${r.targetId}` : ''} · 辖区 {r.unitPath}
              </Text>
              {summary(r.after) && <Text className='muted audit-row__line'>{summary(r.after)}</Text>}
            </View>
          ))}
          {cursor && (
            <Button id='audit-more' className={`btn btn--plain${loadingMore ? ' btn--disabled' : ''}`} loading={loadingMore} disabled={loadingMore} onClick={loadMore}>
              加载更多
            </Button>
          )}
        </View>
      )}
    </View>
  );
}

/** A one-line view of an audit row's `after`, e.g. `status: hidden · reason: …`. */
function summary(after: unknown): string {
  if (!after || typeof after !== 'object') return '';
  return Object.entries(after as Record<string, unknown>)
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
    .slice(0, 120);
}
