import { Button, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  DEPARTMENTS,
  ResolvedLevelLabelZh,
  TICKET_SOURCES,
  TicketSourceLabelZh,
  type FiguresGroupBy,
  type FiguresQuery,
  type FiguresRow,
  type TicketSource,
  type UnitTreeNode,
  type UserResponse,
} from '@linli/shared';
import { useMemo, useState } from 'react';
import { downloadFiguresCsv, fetchFigures } from '../../../api/figures';
import { fetchCategoryTree } from '../../../api/tickets';
import { fetchUnitChildren } from '../../../api/units';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_H5 } from '../../../constants/env';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError } from '../../../utils/feedback';
import { FIGURE_CARDS, formatRate, periodDays, PRESETS, presetPeriod, RESOLVED_DEFINITION, RESOLVED_ORDER, type PresetKey } from '../figures';
import { figuresScopeOf } from '../../../utils/figures-access';
import './index.scss';

interface Filters {
  preset: PresetKey;
  from: string;
  to: string;
  streetId?: number;
  communityId?: number;
  categoryCode?: string;
  department?: string;
  source?: TicketSource;
}

const BREAKDOWNS: Array<{ key: Exclude<FiguresGroupBy, 'day' | 'month'>; label: string }> = [
  { key: 'street', label: '按街道' },
  { key: 'community', label: '按社区' },
  { key: 'category', label: '按类别' },
  { key: 'department', label: '按部门' },
  { key: 'source', label: '按来源' },
];

const SOURCE_OPTIONS = [{ key: '', label: '全部来源' }, ...TICKET_SOURCES.map((s) => ({ key: s, label: TicketSourceLabelZh[s] }))];
const DEPARTMENT_OPTIONS = [{ key: '', label: '全部部门' }, ...DEPARTMENTS.map((d) => ({ key: d.code as string, label: d.name }))];

export default function DashboardPage() {
  return (
    <PageWrapper className='dashboard'>
      <LoginGate>
        <Dashboard />
      </LoginGate>
    </PageWrapper>
  );
}

function showDefinition(title: string, content: string) {
  void Taro.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

function Dashboard() {
  const { user } = useSession();
  const scope = figuresScopeOf(user);
  if (!user || !scope) return <Empty message='没有权限' description='街道、区指挥中心和辖区管理员可以查看统计' />;
  return <DashboardFor user={user} scope={scope} />;
}

function DashboardFor({ scope }: { user: UserResponse; scope: NonNullable<ReturnType<typeof figuresScopeOf>> }) {
  const [filters, setFilters] = useState<Filters>({ preset: 'last30', ...presetPeriod('last30') });
  const [breakdown, setBreakdown] = useState<(typeof BREAKDOWNS)[number]['key']>(scope.level === 'district' ? 'street' : scope.level === 'street' ? 'community' : 'category');
  const [exporting, setExporting] = useState(false);

  const query: FiguresQuery = {
    from: filters.from,
    to: filters.to,
    streetId: filters.streetId,
    communityId: filters.communityId,
    categoryCode: filters.categoryCode,
    department: filters.department as FiguresQuery['department'],
    source: filters.source,
  };
  const deps = [filters.from, filters.to, filters.streetId, filters.communityId, filters.categoryCode, filters.department, filters.source];
  const trendBy: FiguresGroupBy = periodDays(filters.from, filters.to) <= 62 ? 'day' : 'month';
  const main = useRequest(() => fetchFigures({ ...query, groupBy: breakdown }), [...deps, breakdown]);
  const trend = useRequest(() => fetchFigures({ ...query, groupBy: trendBy }), [...deps, trendBy]);

  // Streets of a district, communities of the chosen (or own) street.
  const streetParent = scope.level === 'district' ? scope.unitId : null;
  const streets = useRequest(() => fetchUnitChildren(streetParent ?? undefined, 1), [streetParent], { enabled: streetParent !== null, isEmpty: () => false });
  const communityParent = scope.level === 'street' ? scope.unitId : filters.streetId ?? null;
  const communities = useRequest(() => fetchUnitChildren(communityParent ?? undefined, 1), [communityParent], { enabled: communityParent !== null, isEmpty: () => false });
  const categories = useRequest(fetchCategoryTree, [], { isEmpty: () => false });

  const categoryOptions = useMemo(
    () => [{ key: '', label: '全部类别' }, ...(categories.data ?? []).flatMap((m) => m.children.map((c) => ({ key: c.code, label: `${m.name} · ${c.name}` })))],
    [categories.data],
  );
  const unitOptions = (all: string, nodes: UnitTreeNode[] | undefined) => [{ key: 0, label: all }, ...(nodes ?? []).map((n) => ({ key: n.id, label: n.name }))];
  const streetOptions = unitOptions('全部街道', streets.data);
  const communityOptions = unitOptions('全部社区', communities.data);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const presetIndex = Math.max(0, PRESETS.findIndex((p) => p.key === filters.preset));
  const pick = <T extends { key: string | number }>(options: T[], value: string | number | undefined) => Math.max(0, options.findIndex((o) => o.key === (value ?? (typeof options[0].key === 'number' ? 0 : ''))));

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadFiguresCsv({ ...query, groupBy: breakdown });
    } catch (e) {
      toastError(e);
    } finally {
      setExporting(false);
    }
  };

  const total = main.data?.total;
  return (
    <View className='dashboard__layout'>
      <View className='card dashboard__filters' id='dashboard-filters'>
        <Text className='dashboard__scope'>{scope.unitName} · 统计</Text>
        <View className='dashboard__filter-row'>
          <Picker id='dashboard-pick-period' mode='selector' range={PRESETS.map((p) => p.label)} value={presetIndex} onChange={(e) => {
            const key = PRESETS[Number(e.detail.value)].key;
            set(key === 'custom' ? { preset: key } : { preset: key, ...presetPeriod(key) });
          }}>
            <View id='dashboard-filter-period' className='dashboard__chip'>
              <Text className='dashboard__chip-label'>时间</Text>
              <Text>{PRESETS[presetIndex].label}</Text>
            </View>
          </Picker>
          {filters.preset === 'custom' && (
            <Picker id='dashboard-pick-from' mode='date' value={filters.from} end={filters.to} onChange={(e) => set({ from: String(e.detail.value) })}>
              <View id='dashboard-filter-from' className='dashboard__chip'>
                <Text className='dashboard__chip-label'>从</Text>
                <Text>{filters.from}</Text>
              </View>
            </Picker>
          )}
          {filters.preset === 'custom' && (
            <Picker id='dashboard-pick-to' mode='date' value={filters.to} start={filters.from} onChange={(e) => set({ to: String(e.detail.value) })}>
              <View id='dashboard-filter-to' className='dashboard__chip'>
                <Text className='dashboard__chip-label'>到</Text>
                <Text>{filters.to}</Text>
              </View>
            </Picker>
          )}
          {scope.level === 'district' && (
            <Picker id='dashboard-pick-street' mode='selector' range={streetOptions.map((o) => o.label)} value={pick(streetOptions, filters.streetId)} onChange={(e) => {
              const id = streetOptions[Number(e.detail.value)].key;
              set({ streetId: id || undefined, communityId: undefined });
            }}>
              <View id='dashboard-filter-street' className='dashboard__chip'>
                <Text className='dashboard__chip-label'>街道</Text>
                <Text>{streetOptions[pick(streetOptions, filters.streetId)].label}</Text>
              </View>
            </Picker>
          )}
          {scope.level !== 'community' && communityParent !== null && (
            <Picker id='dashboard-pick-community' mode='selector' range={communityOptions.map((o) => o.label)} value={pick(communityOptions, filters.communityId)} onChange={(e) => set({ communityId: communityOptions[Number(e.detail.value)].key || undefined })}>
              <View id='dashboard-filter-community' className='dashboard__chip'>
                <Text className='dashboard__chip-label'>社区</Text>
                <Text>{communityOptions[pick(communityOptions, filters.communityId)].label}</Text>
              </View>
            </Picker>
          )}
          <Picker id='dashboard-pick-category' mode='selector' range={categoryOptions.map((o) => o.label)} value={pick(categoryOptions, filters.categoryCode)} onChange={(e) => set({ categoryCode: categoryOptions[Number(e.detail.value)].key || undefined })}>
            <View id='dashboard-filter-category' className='dashboard__chip'>
              <Text className='dashboard__chip-label'>类别</Text>
              <Text>{categoryOptions[pick(categoryOptions, filters.categoryCode)].label}</Text>
            </View>
          </Picker>
          <Picker id='dashboard-pick-department' mode='selector' range={DEPARTMENT_OPTIONS.map((o) => o.label)} value={pick(DEPARTMENT_OPTIONS, filters.department)} onChange={(e) => set({ department: DEPARTMENT_OPTIONS[Number(e.detail.value)].key || undefined })}>
            <View id='dashboard-filter-department' className='dashboard__chip'>
              <Text className='dashboard__chip-label'>部门</Text>
              <Text>{DEPARTMENT_OPTIONS[pick(DEPARTMENT_OPTIONS, filters.department)].label}</Text>
            </View>
          </Picker>
          <Picker id='dashboard-pick-source' mode='selector' range={SOURCE_OPTIONS.map((o) => o.label)} value={pick(SOURCE_OPTIONS, filters.source)} onChange={(e) => set({ source: (SOURCE_OPTIONS[Number(e.detail.value)].key || undefined) as TicketSource | undefined })}>
            <View id='dashboard-filter-source' className='dashboard__chip'>
              <Text className='dashboard__chip-label'>来源</Text>
              <Text>{SOURCE_OPTIONS[pick(SOURCE_OPTIONS, filters.source)].label}</Text>
            </View>
          </Picker>
        </View>
        <View className='row row--between dashboard__period'>
          <Text className='muted' id='dashboard-period'>
            {filters.from} 至 {filters.to}（北京时间，按立案时间统计）
          </Text>
          <View className='row'>
            {IS_H5 && (
              <Button id='dashboard-export' className={`btn btn--plain btn--inline${exporting ? ' btn--disabled' : ''}`} loading={exporting} disabled={exporting} onClick={exportCsv}>
                导出 CSV
              </Button>
            )}
          </View>
        </View>
      </View>

      {main.loading && !main.data ? (
        <Loading />
      ) : main.error ? (
        <ErrorState error={main.error} onRetry={main.reload} />
      ) : total ? (
        <View>
          <View className='dashboard__cards' id='dashboard-cards'>
            {FIGURE_CARDS.map((c) => (
              <View key={c.id} id={`figure-${c.id}`} className='dashboard__card' onClick={() => showDefinition(c.label, c.definition)}>
                <Text className='dashboard__card-label'>{c.label} ⓘ</Text>
                <Text className='dashboard__card-value'>{c.value(total)}</Text>
                {c.bar && (
                  <View className='bar'>
                    <View className='bar__fill' style={{ width: `${Math.round((c.bar(total) ?? 0) * 100)}%` }} />
                  </View>
                )}
                {c.detail && <Text className='muted dashboard__card-detail'>{c.detail(total)}</Text>}
              </View>
            ))}
          </View>

          <View className='dashboard__charts'>
            <Resolved row={total} />
            <Trend data={trend.data?.groups} loading={trend.loading} error={trend.error} onRetry={trend.reload} by={trendBy} />
          </View>

          <View className='card' id='dashboard-breakdown'>
            <View className='row row--between'>
              <Text className='card__title'>分组对比</Text>
              <Text className='muted'>按立案数排序</Text>
            </View>
            <View className='dashboard__tabs'>
              {BREAKDOWNS.filter((b) => !(b.key === 'street' && scope.level !== 'district') && !(b.key === 'community' && scope.level === 'community')).map((b) => (
                <Text key={b.key} id={`dashboard-breakdown-${b.key}`} className={`dashboard__tab${breakdown === b.key ? ' dashboard__tab--on' : ''}`} onClick={() => setBreakdown(b.key)}>
                  {b.label}
                </Text>
              ))}
            </View>
            <Breakdown groups={main.data?.groups ?? []} loading={main.loading} />
          </View>
        </View>
      ) : null}
    </View>
  );
}

/** Where closed tickets were resolved (the 80/20 figures): one stacked bar and its legend. */
function Resolved({ row }: { row: FiguresRow }) {
  return (
    <View className='card dashboard__chart' id='dashboard-resolved' onClick={() => showDefinition('解决层级', RESOLVED_DEFINITION)}>
      <Text className='card__title'>解决层级 ⓘ</Text>
      {row.closed === 0 ? (
        <Text className='muted'>统计期内还没有结案的工单</Text>
      ) : (
        <View>
          <View className='stack'>
            {RESOLVED_ORDER.map((l) => (
              <View key={l} className={`stack__part stack__part--${l}`} style={{ width: `${((row.resolvedShare[l] ?? 0) * 100).toFixed(2)}%` }} />
            ))}
          </View>
          {RESOLVED_ORDER.map((l) => (
            <View key={l} className='row row--between dashboard__legend'>
              <View className='row'>
                <View className={`dot stack__part--${l}`} />
                <Text>{ResolvedLevelLabelZh[l]}</Text>
              </View>
              <Text id={`resolved-${l}`}>
                {formatRate(row.resolvedShare[l])}（{row.resolvedAt[l]} 件）
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

/** Filed tickets per day or month (vertical CSS bars: no chart library, same in weapp and H5). */
function Trend({ data, loading, error, onRetry, by }: { data: FiguresRow[] | undefined; loading: boolean; error: unknown; onRetry: () => void; by: FiguresGroupBy }) {
  const rows = (data ?? []).filter((g) => g.key !== null);
  const max = Math.max(1, ...rows.map((g) => g.filed));
  return (
    <View className='card dashboard__chart' id='dashboard-trend'>
      <Text className='card__title'>立案趋势（{by === 'day' ? '按日' : '按月'}）</Text>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorState error={error} onRetry={onRetry} />
      ) : rows.length === 0 ? (
        <Text className='muted'>统计期内没有立案的工单</Text>
      ) : (
        <View className='columns'>
          {rows.map((g) => (
            <View key={g.key ?? 'none'} className='columns__col' onClick={() => showDefinition(g.label, `立案 ${g.filed} 件，办结率 ${formatRate(g.closureRate)}，满意率 ${formatRate(g.satisfactionRate)}`)}>
              <Text className='columns__value'>{g.filed}</Text>
              <View className='columns__bar' style={{ height: `${Math.max(2, Math.round((g.filed / max) * 100))}%` }} />
              <Text className='columns__label'>{by === 'day' ? g.key!.slice(5) : g.key!.slice(2)}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

/** One horizontal bar per group: filed count, with its 办结率 and 满意率. */
function Breakdown({ groups, loading }: { groups: FiguresRow[]; loading: boolean }) {
  if (loading && groups.length === 0) return <Loading />;
  const rows = [...groups].filter((g) => g.filed > 0 || g.reported > 0).sort((a, b) => b.filed - a.filed || b.reported - a.reported);
  if (rows.length === 0) return <Text className='muted'>统计期内没有工单</Text>;
  const max = Math.max(1, ...rows.map((g) => g.filed));
  return (
    <View id='dashboard-breakdown-rows'>
      {rows.map((g) => (
        <View key={g.key ?? 'none'} className='hbar' onClick={() => showDefinition(g.label, `上报 ${g.reported} 件，立案 ${g.filed} 件；处置率 ${formatRate(g.handlingRate)}，办结率 ${formatRate(g.closureRate)}，按期办结率 ${formatRate(g.onTimeClosureRate)}，满意率 ${formatRate(g.satisfactionRate)}`)}>
          <View className='row row--between'>
            <Text className='hbar__label'>{g.label}</Text>
            <Text className='muted'>
              {g.filed} 件 · 办结 {formatRate(g.closureRate)} · 满意 {formatRate(g.satisfactionRate)}
            </Text>
          </View>
          <View className='bar'>
            <View className='bar__fill' style={{ width: `${Math.round((g.filed / max) * 100)}%` }} />
          </View>
        </View>
      ))}
    </View>
  );
}
