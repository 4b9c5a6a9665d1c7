import { Text, View } from '@tarojs/components';
import { UnitLevelLabelZh, type RoleGrantResponse, type UnitLevel } from '@linli/shared';
import { fetchUnit } from '../../../../api/units';
import ErrorState from '../../../../components/ErrorState';
import { useRequest } from '../../../../hooks/useRequest';

type Grant = RoleGrantResponse & { unit: NonNullable<RoleGrantResponse['unit']> };

/** Which counts mean something below each level. */
const COUNTS_BELOW: Record<UnitLevel, Array<'streets' | 'communities' | 'grids'>> = {
  district: ['streets', 'communities', 'grids'],
  street: ['communities', 'grids'],
  community: ['grids'],
  grid: [],
};
const COUNT_LABEL = { streets: '街道', communities: '社区', grids: '网格' } as const;

/** A staff member's unit with its level and how many units lie below it. */
export default function StaffUnitCard({ grant }: { grant: Grant }) {
  const detail = useRequest(() => fetchUnit(grant.unit.id), [grant.unit.id], { isEmpty: () => false });
  const kinds = COUNTS_BELOW[grant.unit.level];
  return (
    <View className='card staff-unit' id={`staff-unit-${grant.unit.id}`}>
      <View className='row row--between'>
        <Text className='card__title'>{grant.unit.name}</Text>
        <Text className='tag tag--accent'>{UnitLevelLabelZh[grant.unit.level]}</Text>
      </View>
      <Text className='muted'>您的身份：{grant.roleLabel}</Text>
      {detail.error && <ErrorState error={detail.error} onRetry={detail.reload} />}
      {detail.loading && <Text className='muted staff-unit__loading'>正在加载辖区概况…</Text>}
      {detail.data && (
        <View className='staff-unit__stats'>
          {detail.data.ancestors.length > 0 && (
            <Text className='muted staff-unit__path'>{detail.data.ancestors.map((a) => a.name).join(' · ')}</Text>
          )}
          {kinds.length === 0 ? (
            <Text className='muted'>{detail.data.hasPolygon ? '已导入网格边界' : '尚未导入网格边界'}</Text>
          ) : (
            <View className='staff-unit__counts'>
              {kinds.map((k) => (
                <View key={k} className='staff-unit__count'>
                  <Text className='staff-unit__num'>{detail.data!.counts[k]}</Text>
                  <Text className='muted'>个{COUNT_LABEL[k]}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      )}
    </View>
  );
}
