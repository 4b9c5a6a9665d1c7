import { Text, View } from '@tarojs/components';
import { UnitLevelLabelZh, type UnitTreeNode } from '@linli/shared';
import { useState } from 'react';
import { fetchUnitChildren } from '../../../../api/units';
import Empty from '../../../../components/Empty';
import ErrorState from '../../../../components/ErrorState';
import Loading from '../../../../components/Loading';
import { useRequest } from '../../../../hooks/useRequest';
import { errorMessage } from '../../../../api/request';

const CHILD_NOUN: Record<string, string> = { district: '街道', street: '社区', community: '网格', grid: '' };

/** The jurisdiction tree: two levels at first, deeper levels loaded when a node is opened. */
export default function UnitTree({ version }: { version: number }) {
  const roots = useRequest(() => fetchUnitChildren(undefined, 2), [version]);
  if (roots.loading) return <Loading />;
  if (roots.error) return <ErrorState error={roots.error} onRetry={roots.reload} />;
  if (roots.empty) return <Empty message='还没有辖区数据' description='请在下方导入区划 CSV' />;
  return (
    <View className='unit-tree' id='unit-tree'>
      {roots.data?.map((n) => <Node key={n.id} node={n} depth={0} initiallyOpen />)}
    </View>
  );
}

function Node({ node, depth, initiallyOpen = false }: { node: UnitTreeNode; depth: number; initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const [children, setChildren] = useState<UnitTreeNode[] | null>(node.children?.length ? node.children : null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hasChildren = node.childCount > 0;

  const toggle = async () => {
    if (!hasChildren) return;
    const next = !open;
    setOpen(next);
    if (next && !children) {
      setLoading(true);
      setError(null);
      try {
        setChildren(await fetchUnitChildren(node.id, 1));
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    }
  };

  return (
    <View className='unit-node' id={`unit-node-${node.id}`} data-code={node.code} data-level={node.level}>
      <View
        className={`unit-node__row${hasChildren ? ' unit-node__row--branch' : ''}`}
        style={{ paddingLeft: `${depth * 28 + 8}px` }}
        onClick={toggle}
        aria-expanded={hasChildren ? open : undefined}
      >
        <Text className='unit-node__toggle'>{hasChildren ? (open ? '−' : '+') : '·'}</Text>
        <View className='grow'>
          <Text className='unit-node__name'>{node.name}</Text>
          <Text className='muted unit-node__meta'>
            {UnitLevelLabelZh[node.level]} · {node.code}
            {hasChildren ? ` · ${node.childCount} 个${CHILD_NOUN[node.level] || '下级'}` : ''}
            {node.level === 'grid' ? (node.hasPolygon ? ' · 已有边界' : ' · 无边界') : ''}
          </Text>
        </View>
        {hasChildren && <Text className='unit-node__state muted'>{open ? '收起' : '展开'}</Text>}
      </View>
      {open && loading && <Text className='muted unit-node__loading'>加载中…</Text>}
      {open && error && (
        <Text className='text-danger unit-node__loading' onClick={toggle}>
          {error}（点击收起后重试）
        </Text>
      )}
      {open && children && (
        <View className='unit-node__children'>
          {children.map((c) => (
            <Node key={c.id} node={c} depth={depth + 1} />
          ))}
        </View>
      )}
    </View>
  );
}
