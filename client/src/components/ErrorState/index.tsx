import { Button, Text, View } from '@tarojs/components';
import { errorMessage } from '../../api/request';
import './index.scss';

interface Props {
  error: unknown;
  onRetry?: () => void;
}

/** A failed load: the Chinese message and a 重试 button. */
export default function ErrorState({ error, onRetry }: Props) {
  return (
    <View className='error-state' role='alert'>
      <Text className='error-state__title'>加载失败</Text>
      <Text className='error-state__message'>{errorMessage(error)}</Text>
      {onRetry && (
        <Button className='btn btn--plain btn--inline error-state__retry' onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  );
}
