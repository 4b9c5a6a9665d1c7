import { Button, Input, Text, View } from '@tarojs/components';
import { searchCategories, type CategorySnapshot, type CategoryTreeNode } from '@linli/shared';
import { useMemo, useState } from 'react';
import { fetchCategoryTree } from '../../api/tickets';
import { useRequest } from '../../hooks/useRequest';
import Empty from '../Empty';
import ErrorState from '../ErrorState';
import Loading from '../Loading';
import './index.scss';

export interface RecentCategoryRef {
  code: string;
  name: string;
}

interface Props {
  /** The chosen minor category's code (null: none yet). */
  value: string | null;
  /** Name to show while the catalogue loads (from a draft). */
  valueName?: string | null;
  onChange: (category: CategorySnapshot) => void;
  /** Recently used categories, newest first (kept on the device by the caller). */
  recent?: RecentCategoryRef[];
  /** Prefix of element ids (default `category`). */
  id?: string;
  error?: string;
}

const MAX_RESULTS = 12;

/** Active minor categories matching the query (shared ranking: names, residents' words, codes), best first. */
export function findCategories(tree: CategoryTreeNode[], query: string): CategorySnapshot[] {
  if (!query.trim()) return [];
  const all = tree.flatMap((m) => m.children.filter((c) => c.active !== false));
  return searchCategories(all, query).slice(0, MAX_RESULTS);
}

/**
 * Picks a minor category: search box (names, descriptions and everyday words such as 乱停车), the
 * recently used ones, and the catalogue by major category. Closed, it shows the choice with 更换.
 */
export default function CategoryPicker({ value, valueName, onChange, recent = [], id = 'category', error }: Props) {
  const [open, setOpen] = useState(value === null);
  const [query, setQuery] = useState('');
  const [major, setMajor] = useState<string | null>(null);
  const tree = useRequest(fetchCategoryTree, [], { isEmpty: (t) => t.length === 0 });

  const byCode = useMemo(() => {
    const map = new Map<string, CategorySnapshot>();
    for (const m of tree.data ?? []) for (const c of m.children) map.set(c.code, c);
    return map;
  }, [tree.data]);
  const chosen = value ? byCode.get(value) : undefined;
  const results = useMemo(() => findCategories(tree.data ?? [], query), [tree.data, query]);
  const recentFound = recent.map((r) => byCode.get(r.code)).filter((c): c is CategorySnapshot => Boolean(c && c.active !== false));

  const pick = (c: CategorySnapshot) => {
    onChange(c);
    setOpen(false);
    setQuery('');
    setMajor(null);
  };

  if (!open && value) {
    return (
      <View className='category-picker category-picker--closed' id={id}>
        <View className='grow'>
          <Text className='category-picker__chosen' id={`${id}-chosen`}>
            {chosen ? `${chosen.majorName} › ${chosen.name}` : (valueName ?? value)}
          </Text>
          {chosen?.description && <Text className='muted category-picker__desc'>{chosen.description}</Text>}
        </View>
        <Button id={`${id}-change`} className='btn btn--plain btn--inline' onClick={() => setOpen(true)}>
          更换
        </Button>
        {error && <Text className='field__error'>{error}</Text>}
      </View>
    );
  }

  const item = (c: CategorySnapshot, where: string) => (
    <View key={`${where}-${c.code}`} id={`${id}-${where}-${c.code}`} className={`category-picker__item${c.code === value ? ' category-picker__item--on' : ''}`} onClick={() => pick(c)}>
      <Text className='category-picker__name'>{c.name}</Text>
      <Text className='muted category-picker__desc'>
        {c.majorName}
        {c.description ? ` · ${c.description}` : ''}
      </Text>
    </View>
  );

  return (
    <View className='category-picker' id={id}>
      <Input
        id={`${id}-search`}
        className='input'
        value={query}
        maxlength={30}
        placeholder='搜索问题类型，如：乱停车、噪音、井盖'
        onInput={(e) => setQuery(e.detail.value)}
      />
      {tree.loading && <Loading text='正在加载问题类型…' />}
      {tree.error && <ErrorState error={tree.error} onRetry={tree.reload} />}
      {tree.empty && <Empty message='暂无可选的问题类型' />}
      {tree.data && !tree.empty && (
        <View>
          {query.trim() ? (
            <View className='category-picker__list' id={`${id}-results`}>
              {results.length ? results.map((c) => item(c, 'result')) : <Text className='muted category-picker__none'>没有找到“{query.trim()}”，请换个说法，或在下方按大类查找。</Text>}
            </View>
          ) : (
            recentFound.length > 0 && (
              <View>
                <Text className='category-picker__heading'>最近使用</Text>
                <View className='category-picker__chips' id={`${id}-recent`}>
                  {recentFound.map((c) => (
                    <Text key={c.code} id={`${id}-recent-${c.code}`} className='category-picker__chip' onClick={() => pick(c)}>
                      {c.name}
                    </Text>
                  ))}
                </View>
              </View>
            )
          )}
          <Text className='category-picker__heading'>全部类型</Text>
          <View className='category-picker__majors'>
            {tree.data.map((m) => (
              <View key={m.code} className='category-picker__major'>
                <View id={`${id}-major-${m.code}`} className={`category-picker__major-head${major === m.code ? ' category-picker__major-head--open' : ''}`} onClick={() => setMajor(major === m.code ? null : m.code)}>
                  <Text className='grow'>{m.name}</Text>
                  <Text className='muted'>
                    {m.children.length} 类 {major === m.code ? '▴' : '▾'}
                  </Text>
                </View>
                {major === m.code && <View className='category-picker__list'>{m.children.filter((c) => c.active !== false).map((c) => item(c, 'item'))}</View>}
              </View>
            ))}
          </View>
        </View>
      )}
      {value && (
        <Button className='btn btn--plain category-picker__cancel' onClick={() => setOpen(false)}>
          取消
        </Button>
      )}
      {error && <Text className='field__error'>{error}</Text>}
    </View>
  );
}
