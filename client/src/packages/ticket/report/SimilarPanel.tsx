import { Button, Image, Text, View } from '@tarojs/components';
import type { SimilarTicket } from '@linli/shared';
import { useState } from 'react';
import { absoluteMediaUrl } from '../../../api/media';
import TicketStatusTag from '../../../components/TicketStatusTag';
import { formatDateTime, formatDistance } from '../../../utils/format';

interface Props {
  items: SimilarTicket[];
  onJoin: (t: SimilarTicket) => Promise<void>;
  onContinue: () => void;
  onBack: () => void;
  onOpen: (t: SimilarTicket) => void;
}

/**
 * Before a new report: open tickets of the same type nearby. "我也遇到了" joins one (the reporter is
 * kept informed and the ticket gets priority) instead of opening a duplicate.
 */
export default function SimilarPanel({ items, onJoin, onContinue, onBack, onOpen }: Props) {
  const [joining, setJoining] = useState<number | null>(null);
  const join = async (t: SimilarTicket) => {
    setJoining(t.id);
    try {
      await onJoin(t);
    } finally {
      setJoining(null);
    }
  };
  return (
    <View id='report-similar'>
      <View className='card'>
        <Text className='card__title'>附近已经有人报过类似的问题</Text>
        <Text className='card__desc'>如果是同一个问题，点“我也遇到了”加入即可：处理进展会同样通知您，问题也会被优先处理。不是同一个问题，再继续上报。</Text>
      </View>
      {items.map((t) => (
        <View key={t.id} className='card similar-item' id={`similar-${t.id}`}>
          <View className='row row--between'>
            <Text className='similar-item__title'>{t.category.name}</Text>
            <TicketStatusTag status={t.status} label={t.statusLabel} />
          </View>
          <View className='row similar-item__body'>
            {t.thumbUrl && <Image className='similar-item__thumb' src={absoluteMediaUrl(t.thumbUrl)} mode='aspectFill' />}
            <View className='grow'>
              <Text className='similar-item__excerpt'>{t.excerpt}</Text>
              <Text className='muted similar-item__meta'>
                {t.address ? `${t.address} · ` : ''}距这里{formatDistance(t.distanceMeters)} · {formatDateTime(t.createdAt)}
              </Text>
              {t.coReporterCount > 0 && <Text className='muted similar-item__meta'>已有 {t.coReporterCount} 人也遇到了</Text>}
            </View>
          </View>
          <View className='btn-group'>
            <Button className='btn btn--plain' onClick={() => onOpen(t)}>
              查看
            </Button>
            {t.mine ? (
              <Button className='btn btn--disabled' disabled>
                您已上报或加入
              </Button>
            ) : (
              <Button
                id={`similar-join-${t.id}`}
                className={`btn${joining !== null ? ' btn--disabled' : ''}`}
                loading={joining === t.id}
                disabled={joining !== null}
                onClick={() => join(t)}
              >
                我也遇到了
              </Button>
            )}
          </View>
        </View>
      ))}
      <View className='btn-group'>
        <Button id='report-similar-back' className='btn btn--plain' onClick={onBack}>
          返回修改
        </Button>
        <Button id='report-similar-continue' className='btn' onClick={onContinue}>
          不是同一个问题，继续上报
        </Button>
      </View>
    </View>
  );
}
