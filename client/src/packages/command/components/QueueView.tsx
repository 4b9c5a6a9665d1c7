import { Button, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import {
  TICKET_SOURCES,
  TicketSourceLabelZh,
  TicketStatusLabelZh,
  type TicketResponse,
  type TicketSource,
  type TicketStatus,
  type TicketSummary,
  type UnitTreeNode,
} from '@linli/shared';
import { useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../../../api/request';
import { bulkDispatch, fetchQueue, fetchTicket, type QueueFilters, type QueueKind } from '../../../api/tickets';
import { fetchUnitChildren } from '../../../api/units';
import DispatchTargetPicker, { EMPTY_TARGET, toDispatchTarget, type DispatchTargetValue } from '../../../components/ActionPanel/DispatchTarget';
import CategoryPicker from '../../../components/CategoryPicker';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import TicketCard from '../../../components/TicketCard';
import { useTicketPages } from '../../../components/TicketCard/useTicketPages';
import TicketView from '../../../components/TicketView';
import { isWideScreen } from '../../../components/TicketView/screen';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { toastError, toastOk } from '../../../utils/feedback';
import './QueueView.scss';
import './command.scss';

export type FilterKey = 'status' | 'category' | 'community' | 'street' | 'source' | 'overdue' | 'extension';

interface Props {
  kind: QueueKind;
  /** Filters offered on this queue. */
  filters: FilterKey[];
  /** Statuses offered in the status filter (the queue's own ones). */
  statuses: TicketStatus[];
  /** Unit whose children fill the community (street dispatcher) or street (district) filter. */
  unitId?: number | null;
  /** Tick boxes and the bulk dispatch bar (dispatcher queues). */
  bulk?: boolean;
  /** Preset filters (e.g. the grid worker's "我巡查发现的" tab). */
  preset?: QueueFilters;
  /** Above the list (entry buttons, tabs). */
  header?: ReactNode;
  emptyText: string;
  /** Prefix of element ids. */
  id: string;
}

const TOGGLES: Record<'overdue' | 'extension', string> = { overdue: '只看超期', extension: '延期待审批' };

/**
 * A staff queue ordered by time left (the server's order: due_at, id), with filters, keyset "load
 * more", and bulk dispatch. On a desktop browser (the command centre) the list and the open ticket sit
 * side by side and every action happens in the side panel; on a phone a tap opens the detail page.
 */
export default function QueueView({ kind, filters, statuses, unitId, bulk, preset = {}, header, emptyText, id }: Props) {
  const wide = useMemo(isWideScreen, []);
  const [status, setStatus] = useState<TicketStatus | null>(null);
  const [category, setCategory] = useState<{ code: string; name: string } | null>(null);
  const [pickingCategory, setPickingCategory] = useState(false);
  const [unit, setUnit] = useState<number | null>(null);
  const [source, setSource] = useState<TicketSource | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [extension, setExtension] = useState(false);
  const [selected, setSelected] = useState<Record<number, TicketSummary>>({});
  const [openId, setOpenId] = useState<number | null>(null);

  const unitFilter = filters.includes('community') ? 'community' : filters.includes('street') ? 'street' : null;
  const units = useRequest<UnitTreeNode[]>(() => fetchUnitChildren(unitId!, 1), [unitId], { enabled: Boolean(unitFilter && unitId) });

  const query: QueueFilters = {
    ...preset,
    status: status ?? preset.status,
    categoryCode: category?.code,
    communityId: unitFilter === 'community' ? (unit ?? undefined) : undefined,
    streetId: unitFilter === 'street' ? (unit ?? undefined) : undefined,
    source: source ?? preset.source,
    overdue: overdue || undefined,
    extensionPending: extension || undefined,
  };
  const key = JSON.stringify(query);
  const pages = useTicketPages((cursor) => fetchQueue(kind, { ...query, cursor }), [key]);

  usePullDownRefresh(() => {
    void pages.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void pages.loadMore());

  const open = (t: TicketSummary) => {
    if (wide) setOpenId(t.id);
    else void Taro.navigateTo({ url: `${Routes.ticketDetail}?id=${t.id}` });
  };

  const chip = (on: boolean, label: string, onClick: () => void, chipId: string) => (
    <View key={chipId} id={chipId} className={`queue__chip${on ? ' queue__chip--on' : ''}`} role='checkbox' aria-checked={on} onClick={onClick}>
      {on ? '✓ ' : ''}
      {label}
    </View>
  );

  const filterBar = (
    <View className='card queue__filters' id={`${id}-filters`}>
      {filters.includes('status') && (
        <View className='queue__filter'>
          <Text className='queue__filter-label'>状态</Text>
          <View className='queue__chips'>
            {chip(status === null, '全部待办', () => setStatus(null), `${id}-status-all`)}
            {statuses.map((s) => chip(status === s, TicketStatusLabelZh[s], () => setStatus(status === s ? null : s), `${id}-status-${s}`))}
          </View>
        </View>
      )}
      {(filters.includes('overdue') || filters.includes('extension')) && (
        <View className='queue__filter'>
          <Text className='queue__filter-label'>督办</Text>
          <View className='queue__chips'>
            {filters.includes('overdue') && chip(overdue, TOGGLES.overdue, () => setOverdue(!overdue), `${id}-overdue`)}
            {filters.includes('extension') && chip(extension, TOGGLES.extension, () => setExtension(!extension), `${id}-extension`)}
          </View>
        </View>
      )}
      {unitFilter && (
        <View className='queue__filter'>
          <Text className='queue__filter-label'>{unitFilter === 'community' ? '社区' : '街道'}</Text>
          <View className='queue__chips'>
            {chip(unit === null, '全部', () => setUnit(null), `${id}-unit-all`)}
            {units.loading && <Text className='muted'>加载中…</Text>}
            {units.error && <Text className='muted'>加载失败</Text>}
            {(units.data ?? []).map((u) => chip(unit === u.id, u.name, () => setUnit(unit === u.id ? null : u.id), `${id}-unit-${u.id}`))}
          </View>
        </View>
      )}
      {filters.includes('source') && (
        <View className='queue__filter'>
          <Text className='queue__filter-label'>来源</Text>
          <View className='queue__chips'>
            {chip(source === null, '全部', () => setSource(null), `${id}-source-all`)}
            {TICKET_SOURCES.map((s) => chip(source === s, TicketSourceLabelZh[s], () => setSource(source === s ? null : s), `${id}-source-${s}`))}
          </View>
        </View>
      )}
      {filters.includes('category') && (
        <View className='queue__filter'>
          <Text className='queue__filter-label'>类型</Text>
          <View className='queue__chips'>
            {category ? (
              chip(true, `${category.name}（点击清除）`, () => setCategory(null), `${id}-category-clear`)
            ) : (
              <Text id={`${id}-category-pick`} className='queue__chip' onClick={() => setPickingCategory(!pickingCategory)}>
                {pickingCategory ? '收起' : '选择问题类型'}
              </Text>
            )}
          </View>
          {pickingCategory && !category && (
            <CategoryPicker
              id={`${id}-category`}
              value={null}
              onChange={(c) => {
                setCategory({ code: c.code, name: c.name });
                setPickingCategory(false);
              }}
            />
          )}
        </View>
      )}
    </View>
  );

  const selectable = (t: TicketSummary) => Boolean(bulk && t.allowedActions?.includes('dispatch'));
  const selectedList = Object.values(selected);

  const list = (
    <View className='queue__list' id={`${id}-list`}>
      {pages.loading && <Loading />}
      {!pages.loading && pages.error && <ErrorState error={pages.error} onRetry={pages.reload} />}
      {!pages.loading && !pages.error && pages.items.length === 0 && <Empty message={emptyText} actionText='刷新' onAction={pages.reload} />}
      {!pages.loading &&
        pages.items.map((t) => (
          <TicketCard
            key={t.id}
            ticket={t}
            staff
            active={openId === t.id}
            onOpen={() => open(t)}
            selectable={selectable(t)}
            selected={Boolean(selected[t.id])}
            onSelect={(on) =>
              setSelected((s) => {
                const next = { ...s };
                if (on) next[t.id] = t;
                else delete next[t.id];
                return next;
              })
            }
          />
        ))}
      {!pages.loading && pages.hasMore && (
        <Button id={`${id}-more`} className={`btn btn--plain${pages.loadingMore ? ' btn--disabled' : ''}`} loading={pages.loadingMore} disabled={pages.loadingMore} onClick={() => void pages.loadMore()}>
          加载更多
        </Button>
      )}
      {!pages.loading && !pages.hasMore && pages.items.length > 0 && <Text className='muted queue__end'>共 {pages.items.length} 件，没有更多了</Text>}
    </View>
  );

  const bulkBar =
    bulk && selectedList.length > 0 ? (
      <BulkDispatchBar
        id={`${id}-bulk`}
        items={selectedList}
        onDone={(fresh, failedIds) => {
          // Failed ones stay selected, with the reason shown, to retry or deselect.
          setSelected((s) => Object.fromEntries(Object.entries(s).filter(([k]) => failedIds.includes(Number(k)))));
          fresh.forEach(pages.replace);
          void pages.reload();
        }}
        onClear={() => setSelected({})}
      />
    ) : null;

  if (wide) {
    return (
      <View className='queue queue--wide' id={id}>
        {header}
        {filterBar}
        {bulkBar}
        <View className='queue__columns'>
          <View className='queue__left'>{list}</View>
          <View className='queue__right' id={`${id}-panel`}>
            {openId ? (
              <SidePanel
                ticketId={openId}
                onChanged={(t) => {
                  const row = pages.items.find((x) => x.id === t.id);
                  if (row)
                    pages.replace({
                      ...row,
                      number: t.number,
                      status: t.status,
                      statusLabel: t.statusLabel,
                      level: t.level,
                      holderLabel: t.holderLabel,
                      version: t.version,
                      overdue: t.overdue,
                      dueAt: t.dueAt,
                      msLeft: t.dueAt ? Date.parse(t.dueAt) - Date.now() : null,
                      extensionPending: t.extensionPending,
                      allowedActions: t.allowedActions,
                    });
                }}
              />
            ) : (
              <View className='card queue__placeholder'>
                <Text className='muted'>在左侧点开一件工单，在这里查看详情和办理。</Text>
              </View>
            )}
          </View>
        </View>
      </View>
    );
  }
  return (
    <View className='queue' id={id}>
      {header}
      {filterBar}
      {bulkBar}
      {list}
    </View>
  );
}

/** Desktop: the ticket open beside the list, with the same actions as the detail page. */
function SidePanel({ ticketId, onChanged }: { ticketId: number; onChanged: (t: TicketResponse) => void }) {
  const ticket = useRequest(() => fetchTicket(ticketId), [ticketId], { isEmpty: () => false });
  if (ticket.loading && !ticket.data) return <Loading />;
  if (ticket.error && !ticket.data) return <ErrorState error={ticket.error} onRetry={ticket.reload} />;
  if (!ticket.data || ticket.data.id !== ticketId) return <Loading />;
  return (
    <TicketView
      ticket={ticket.data}
      onChanged={(t) => {
        ticket.setData(t);
        onChanged(t);
      }}
      onReload={ticket.reload}
    />
  );
}

/** Several tickets to one target; each under its own version, results per ticket. */
function BulkDispatchBar({ id, items, onDone, onClear }: { id: string; items: TicketSummary[]; onDone: (fresh: TicketSummary[], failedIds: number[]) => void; onClear: () => void }) {
  const [target, setTarget] = useState<DispatchTargetValue>(EMPTY_TARGET);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<string[] | null>(null);

  const submit = async () => {
    const t = toDispatchTarget(target);
    if (!t) {
      setError('请选择派遣对象');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await bulkDispatch({ items: items.map((x) => ({ id: x.id, version: x.version })), target: t });
      const failed = res.results.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
      setReport(
        failed.map((f) => {
          const row = items.find((x) => x.id === f.id);
          const what = row ? `${row.number ?? `#${row.id}`} ${row.category.name}` : `#${f.id}`;
          return `${what}：${f.error === 'CONFLICT' ? '已被他人处理' : f.message}`;
        }),
      );
      toastOk(`已派遣 ${res.dispatched} 件${res.failed ? `，${res.failed} 件未派遣` : ''}`);
      onDone(
        res.results.filter((r): r is Extract<typeof r, { ok: true }> => r.ok).map((r) => r.ticket),
        failed.map((f) => f.id),
      );
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) setError(Object.values(e.fields)[0]);
      else toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card queue__bulk' id={id}>
      <View className='row row--between'>
        <Text className='card__title queue__bulk-title'>批量派遣：已选 {items.length} 件</Text>
        <Text className='link' onClick={onClear}>
          取消选择
        </Text>
      </View>
      <DispatchTargetPicker id={`${id}-target`} value={target} onChange={setTarget} error={error ?? undefined} />
      {report && report.length > 0 && (
        <View className='queue__bulk-report' id={`${id}-report`}>
          {report.map((r) => (
            <Text key={r} className='text-danger queue__bulk-line'>
              {r}
            </Text>
          ))}
        </View>
      )}
      <Button id={`${id}-submit`} className={`btn queue__bulk-submit${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
        派遣这 {items.length} 件
      </Button>
    </View>
  );
}
