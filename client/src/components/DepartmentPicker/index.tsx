import { Picker, Text, View } from '@tarojs/components';
import { DEPARTMENTS, type DepartmentCode } from '@linli/shared';

interface Props {
  value: DepartmentCode | null;
  onChange: (code: DepartmentCode) => void;
  id?: string;
  error?: string;
}

/** Picks one department (职能部门) from the fixed catalogue, e.g. for a department handler's role request. */
export default function DepartmentPicker({ value, onChange, id = 'department-picker', error }: Props) {
  const index = value ? DEPARTMENTS.findIndex((d) => d.code === value) : -1;
  const chosen = index >= 0 ? DEPARTMENTS[index] : null;
  return (
    <View className={`field${error ? ' field--invalid' : ''}`}>
      <Text className='field__label'>所在的职能部门</Text>
      <Picker mode='selector' range={DEPARTMENTS.map((d) => `${d.name}（${d.fullName}）`)} value={Math.max(index, 0)} onChange={(e) => onChange(DEPARTMENTS[Number(e.detail.value)].code)}>
        <View id={id} className='input'>
          <Text className={chosen ? '' : 'muted'}>{chosen ? `${chosen.name}（${chosen.fullName}）` : '请选择部门'}</Text>
        </View>
      </Picker>
      {chosen && <Text className='field__hint'>负责：{chosen.scope}</Text>}
      {error && <Text className='field__error'>{error}</Text>}
    </View>
  );
}
