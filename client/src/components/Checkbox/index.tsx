import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  id?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}

/**
 * A checkbox built from views, so the markup, hit area and test selectors are the same on weapp
 * and H5. The tick is a character, never colour alone.
 */
export default function Checkbox({ id, checked, onChange, children }: Props) {
  return (
    <View
      id={id}
      className={`check${checked ? ' check--on' : ''}`}
      role='checkbox'
      aria-checked={checked}
      data-checked={checked ? 'true' : 'false'}
      onClick={() => onChange(!checked)}
    >
      <View className='check__box'>{checked ? '✓' : ''}</View>
      <View className='grow'>{children}</View>
      <Text className='sr-only'>{checked ? '已勾选' : '未勾选'}</Text>
    </View>
  );
}
