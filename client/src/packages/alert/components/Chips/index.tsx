import { Text, View } from '@tarojs/components';

interface Props<T extends string> {
  /** Prefix of each chip's id: `<idPrefix>-<value>`. */
  idPrefix: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T | null;
  onChange: (value: T) => void;
}

/** A single choice shown as tappable chips (easier to hit than a picker, and the same on weapp and H5). */
export default function Chips<T extends string>({ idPrefix, options, value, onChange }: Props<T>) {
  return (
    <View className='alert-chips' role='radiogroup'>
      {options.map((o) => (
        <View
          key={o.value}
          id={`${idPrefix}-${o.value}`}
          className={`alert-chip${value === o.value ? ' alert-chip--on' : ''}`}
          role='radio'
          aria-checked={value === o.value}
          onClick={() => onChange(o.value)}
        >
          <Text>{value === o.value ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
