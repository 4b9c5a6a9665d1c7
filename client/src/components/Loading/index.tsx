import { Text, View } from '@tarojs/components';
import './index.scss';

export default function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='loading' aria-busy='true'>
      <View className='loading__spinner' />
      <Text className='loading__text'>{text}</Text>
    </View>
  );
}
