import { View } from '@tarojs/components';
import MediaImage from '../MediaImage';
import './index.scss';

interface Props {
  /** The user's stored avatar URL, or null for the nickname's first character on a coloured disc. */
  avatarUrl: string | null;
  nickname: string;
  id?: string;
  className?: string;
}

/** A user's round avatar: their photo, or the first character of their nickname. */
export default function Avatar({ avatarUrl, nickname, id, className = '' }: Props) {
  return avatarUrl ? (
    <MediaImage id={id} className={`avatar ${className}`} src={avatarUrl} />
  ) : (
    <View className={`avatar avatar--text ${className}`}>{nickname.slice(0, 1)}</View>
  );
}
