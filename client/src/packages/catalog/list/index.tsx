import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { DepartmentNameZh, formatTimeLimit, type AdminCategoryResponse } from '@linli/shared';
import { useMemo, useState } from 'react';
import { fetchAdminCategories } from '../../../api/categories';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { activeTag, canEditCatalogue, isAdminUser } from '../utils';
import '../catalog.scss';

type ActiveFilter = 'all' | 'true' | 'false';

/** The catalogue for admins: search, filter by major and state, open a category to edit or see its history. */
export default function CatalogListPage() {
  return (
    <PageWrapper className='catalog-list'>
      <LoginGate>
        <CatalogList />
      </LoginGate>
    </PageWrapper>
  );
}

function CatalogList() {
  const { user, token } = useSession();
  const admin = isAdminUser(user);
  const editor = canEditCatalogue(user);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [major, setMajor] = useState<string | null>(null);
  const [active, setActive] = useState<ActiveFilter>('all');
  const list = useRequest(() => fetchAdminCategories({ q: query || undefined, active: active === 'all' ? undefined : active }), [token, query, active], {
    enabled: admin,
    refreshOnShow: true,
    isEmpty: () => false,
  });
  const majors = useMemo(() => (list.data ?? []).filter((c) => c.kind === 'major'), [list.data]);

  if (!admin) return <Empty message='没有权限' description='只有管理员可以查看类别目录' />;

  const shown = (list.data ?? []).filter((c) => !major || c.code === major || c.majorCode === major);
  const open = (c: AdminCategoryResponse) => void Taro.navigateTo({ url: `${Routes.catalogEdit}?code=${encodeURIComponent(c.code)}` });

  return (
    <View>
      <Text className='section-title'>
        {editor ? '问题类别、责任部门、时限和补充问题。每次保存都会生成新版本，已上报的工单仍按上报时的版本办理。' : '只有区级管理员可以修改类别目录，您可以查看。'}
      </Text>
      <View className='row'>
        <Input
          id='catalog-search'
          className='input grow'
          value={q}
          placeholder='搜索名称、关键词或编码，如 违停、SR-0101'
          confirmType='search'
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => setQuery(q.trim())}
        />
        <Button id='catalog-search-submit' className='btn btn--inline' onClick={() => setQuery(q.trim())}>
          搜索
        </Button>
      </View>
      <View className='catalog-chips' id='catalog-state-filter'>
        {(
          [
            ['all', '全部'],
            ['true', '启用'],
            ['false', '已停用'],
          ] as Array<[ActiveFilter, string]>
        ).map(([value, label]) => (
          <Text key={value} id={`catalog-state-${value}`} className={`catalog-chip${active === value ? ' catalog-chip--on' : ''}`} onClick={() => setActive(value)}>
            {label}
          </Text>
        ))}
      </View>
      {!query && majors.length > 0 && (
        <View className='catalog-chips' id='catalog-major-filter'>
          <Text className={`catalog-chip${major === null ? ' catalog-chip--on' : ''}`} onClick={() => setMajor(null)}>
            全部大类
          </Text>
          {majors.map((m) => (
            <Text key={m.code} id={`catalog-major-${m.code}`} className={`catalog-chip${major === m.code ? ' catalog-chip--on' : ''}`} onClick={() => setMajor(m.code)}>
              {m.name}
            </Text>
          ))}
        </View>
      )}
      {editor && (
        <View className='btn-group'>
          <Button id='catalog-new-minor' className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: `${Routes.catalogEdit}?new=minor${major ? `&major=${major}` : ''}` })}>
            新建小类
          </Button>
          <Button id='catalog-new-major' className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: `${Routes.catalogEdit}?new=major` })}>
            新建大类
          </Button>
        </View>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data && shown.length === 0 && <Empty message={query ? '没有找到匹配的类别' : '暂无类别'} />}
      <View id='catalog-list'>
        {shown.map((c) => (c.kind === 'major' ? <MajorRow key={c.code} c={c} onOpen={open} /> : <MinorRow key={c.code} c={c} onOpen={open} />))}
      </View>
    </View>
  );
}

function MajorRow({ c, onOpen }: { c: AdminCategoryResponse; onOpen: (c: AdminCategoryResponse) => void }) {
  const tag = activeTag(c);
  return (
    <View className='row row--between catalog-major' id={`catalog-entry-${c.code}`} onClick={() => onOpen(c)}>
      <Text className='section-title'>
        {c.code} {c.name} · {c.major?.domain}
      </Text>
      <Text className={tag.className}>{tag.text}</Text>
    </View>
  );
}

function MinorRow({ c, onOpen }: { c: AdminCategoryResponse; onOpen: (c: AdminCategoryResponse) => void }) {
  const m = c.minor;
  const tag = activeTag(c);
  if (!m) return null;
  return (
    <View className='card' id={`catalog-entry-${c.code}`} onClick={() => onOpen(c)}>
      <View className='row row--between'>
        <Text className='catalog-entry__name'>
          {c.code} {c.name}
        </Text>
        <Text className={tag.className}>{tag.text}</Text>
      </View>
      <Text className='muted catalog-entry__line'>
        {m.departments.map((d) => DepartmentNameZh[d] ?? d).join('、')} · 处置 {formatTimeLimit(m.handleLimit)} · 第 {c.version} 版
      </Text>
      <Text className='muted catalog-entry__line'>
        {[m.onSpotFixable ? '可当场处置' : null, m.sensitive ? '敏感' : null, m.protectedReporterSuggested ? '建议保护举报人' : null, m.questions.length ? `${m.questions.length} 个补充问题` : null]
          .filter(Boolean)
          .join(' · ') || '无特殊要求'}
      </Text>
    </View>
  );
}
