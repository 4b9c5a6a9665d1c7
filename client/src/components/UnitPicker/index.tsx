import { Button, Text, View } from '@tarojs/components';
import { UnitLevelLabelZh, type UnitLevel, type UnitTreeNode } from '@linli/shared';
import { useState } from 'react';
import { fetchUnitChildren } from '../../api/units';
import { useRequest } from '../../hooks/useRequest';
import Empty from '../Empty';
import ErrorState from '../ErrorState';
import Loading from '../Loading';
import './index.scss';

export interface PickedUnit {
  id: number;
  name: string;
  level: UnitLevel;
  /** Names from the top down, for display: 江宁区 / 秣陵街道 / 某社区. */
  path: string[];
}

interface Props {
  /** Levels that may be picked; others can only be drilled into. Empty = every level. */
  allowedLevels: readonly UnitLevel[];
  value: PickedUnit | null;
  onChange: (unit: PickedUnit) => void;
}

interface Crumb {
  id: number;
  name: string;
}

/** Picks a unit by drilling down the jurisdiction tree (GET /units/tree one level at a time). */
export default function UnitPicker({ allowedLevels, value, onChange }: Props) {
  const [open, setOpen] = useState(value === null);
  const [trail, setTrail] = useState<Crumb[]>([]);
  const parent = trail.length ? trail[trail.length - 1] : null;
  const children = useRequest(() => fetchUnitChildren(parent?.id, 1), [parent?.id], { enabled: open });

  const canPick = (level: UnitLevel) => allowedLevels.length === 0 || allowedLevels.includes(level);
  const levelsText = allowedLevels.map((l) => UnitLevelLabelZh[l]).join('或');

  const pick = (node: UnitTreeNode) => {
    onChange({ id: node.id, name: node.name, level: node.level, path: [...trail.map((c) => c.name), node.name] });
    setOpen(false);
  };

  if (!open) {
    return (
      <View className='unit-picker unit-picker--closed'>
        <View className='grow'>
          {value ? (
            <Text className='unit-picker__value'>
              {value.path.join(' / ')}（{UnitLevelLabelZh[value.level]}）
            </Text>
          ) : (
            <Text className='muted'>尚未选择</Text>
          )}
        </View>
        <Button className='btn btn--plain btn--inline' onClick={() => setOpen(true)}>
          {value ? '重新选择' : '选择辖区'}
        </Button>
      </View>
    );
  }

  return (
    <View className='unit-picker'>
      {levelsText && <Text className='field__hint'>可选择的层级：{levelsText}。点击名称查看下级。</Text>}
      <View className='unit-picker__crumbs'>
        <Text className={`unit-picker__crumb${trail.length ? ' link' : ''}`} onClick={() => setTrail([])}>
          全部
        </Text>
        {trail.map((c, i) => (
          <Text key={c.id}>
            <Text className='unit-picker__sep'> › </Text>
            <Text
              className={`unit-picker__crumb${i < trail.length - 1 ? ' link' : ''}`}
              onClick={() => setTrail(trail.slice(0, i + 1))}
            >
              {c.name}
            </Text>
          </Text>
        ))}
      </View>

      {children.loading && <Loading />}
      {children.error && <ErrorState error={children.error} onRetry={children.reload} />}
      {children.empty && <Empty message='这一级下面还没有辖区' />}
      {!children.loading &&
        !children.error &&
        children.data?.map((node) => (
          <View key={node.id} className='unit-picker__item'>
            <View
              className='grow unit-picker__name'
              onClick={() => node.childCount > 0 && setTrail([...trail, { id: node.id, name: node.name }])}
            >
              <Text className='unit-picker__title'>{node.name}</Text>
              <Text className='muted'>
                {UnitLevelLabelZh[node.level]}
                {node.childCount > 0 ? ` · 下级 ${node.childCount} 个 ›` : ''}
              </Text>
            </View>
            {canPick(node.level) && (
              <Button className='btn btn--inline' onClick={() => pick(node)}>
                选择
              </Button>
            )}
          </View>
        ))}

      {value && (
        <Button className='btn btn--plain' onClick={() => setOpen(false)}>
          取消
        </Button>
      )}
    </View>
  );
}
