import { Text, View } from '@tarojs/components';
import { DEPARTMENTS, TicketLimits, type DepartmentCode, type DispatchTarget } from '@linli/shared';

export interface DispatchTargetValue {
  kind: 'grid' | 'departments' | null;
  departments: DepartmentCode[];
}

export const EMPTY_TARGET: DispatchTargetValue = { kind: null, departments: [] };

/** The API's target, or null when nothing usable is chosen yet. */
export function toDispatchTarget(v: DispatchTargetValue): DispatchTarget | null {
  if (v.kind === 'grid') return { kind: 'grid' };
  if (v.kind === 'departments' && v.departments.length) return { kind: 'departments', departments: v.departments };
  return null;
}

interface Props {
  value: DispatchTargetValue;
  onChange: (v: DispatchTargetValue) => void;
  /** Departments that own the category (first = lead), listed first and marked 建议. */
  suggested?: DepartmentCode[];
  /** Grid name for the grid option ("网格员（珠江路网格）"). */
  gridName?: string;
  id?: string;
  error?: string;
}

/**
 * Whom to dispatch to: the grid worker of the ticket's grid, or one or more departments. The first
 * department chosen leads (牵头), the others assist (协办); tapping a chosen one removes it.
 */
export default function DispatchTargetPicker({ value, onChange, suggested = [], gridName, id = 'dispatch-target', error }: Props) {
  const ordered = [...suggested.map((c) => DEPARTMENTS.find((d) => d.code === c)).filter(Boolean), ...DEPARTMENTS.filter((d) => !suggested.includes(d.code))] as typeof DEPARTMENTS;
  const toggle = (code: DepartmentCode) => {
    const on = value.departments.includes(code);
    if (!on && value.departments.length >= TicketLimits.dispatchDepartmentsMax) return;
    const departments = on ? value.departments.filter((c) => c !== code) : [...value.departments, code];
    onChange({ kind: 'departments', departments });
  };
  return (
    <View className='dispatch-target' id={id}>
      <View className='dispatch-target__kinds'>
        <View
          id={`${id}-grid`}
          className={`dispatch-target__kind${value.kind === 'grid' ? ' dispatch-target__kind--on' : ''}`}
          role='radio'
          aria-checked={value.kind === 'grid'}
          onClick={() => onChange({ kind: 'grid', departments: [] })}
        >
          {value.kind === 'grid' ? '✓ ' : ''}派给网格员{gridName ? `（${gridName}）` : ''}
        </View>
        <View
          id={`${id}-departments`}
          className={`dispatch-target__kind${value.kind === 'departments' ? ' dispatch-target__kind--on' : ''}`}
          role='radio'
          aria-checked={value.kind === 'departments'}
          onClick={() => onChange({ kind: 'departments', departments: value.departments })}
        >
          {value.kind === 'departments' ? '✓ ' : ''}派给职能部门
        </View>
      </View>
      {value.kind === 'departments' && (
        <View>
          <Text className='field__hint'>第一个选中的部门牵头，其余协办；最多 {TicketLimits.dispatchDepartmentsMax} 个。</Text>
          <View className='dispatch-target__depts'>
            {ordered.map((d) => {
              const index = value.departments.indexOf(d.code);
              const on = index >= 0;
              return (
                <View
                  key={d.code}
                  id={`${id}-dept-${d.code}`}
                  className={`dispatch-target__dept${on ? ' dispatch-target__dept--on' : ''}`}
                  role='checkbox'
                  aria-checked={on}
                  onClick={() => toggle(d.code)}
                >
                  {on ? (index === 0 ? '牵头 · ' : '协办 · ') : ''}
                  {d.name}
                  {suggested.includes(d.code) ? '（建议）' : ''}
                </View>
              );
            })}
          </View>
        </View>
      )}
      {error && <Text className='field__error'>{error}</Text>}
    </View>
  );
}
