import { Button, Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  message: string;
  description?: string;
  actionText?: string;
  onAction?: () => void;
}

export default function Empty({ message, description, actionText, onAction }: Props) {
  return (
    <View className='empty'>
      <Text className='empty__message'>{message}</Text>
      {description && <Text className='empty__desc'>{description}</Text>}
      {actionText && onAction && (
        <Button className='btn btn--plain btn--inline empty__action' onClick={onAction}>
          {actionText}
        </Button>
      )}
    </View>
  );
}
