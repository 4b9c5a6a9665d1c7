import { Image, Text, View } from '@tarojs/components';
import type { TicketSummary } from '@linli/shared';
import type { ReactNode } from 'react';
import { absoluteMediaUrl } from '../../api/media';
import { formatDateTime } from '../../utils/format';
import TicketStatusTag from '../TicketStatusTag';
import { msLeftText } from '../TicketView/time';
import './index.scss';

interface Props {
  ticket: TicketSummary;
  onOpen: () => void;
  /** Staff lists: the source and community are shown, the time left is prominent. */
  staff?: boolean;
  /** Bulk selection (dispatcher): a tick box left of the card. */
  selectable?: boolean;
  selected?: boolean;
  onSelect?: (on: boolean) => void;
  /** The card is the one open in the side panel (desktop). */
  active?: boolean;
  children?: ReactNode;
}

/** One ticket in a list: type, status, where, who holds it, time left. The whole card opens it. */
export default function TicketCard({ ticket: t, onOpen, staff, selectable, selected, onSelect, active, children }: Props) {
  const left = t.dueAt ? msLeftText(t.msLeft) : null;
  return (
    <View className={`card ticket-card${active ? ' ticket-card--active' : ''}${t.overdue ? ' ticket-card--overdue' : ''}`} id={`ticket-card-${t.id}`} data-status={t.status}>
      <View className='ticket-card__row'>
        {selectable && (
          <View
            id={`ticket-select-${t.id}`}
            className={`check__box ticket-card__check${selected ? ' ticket-card__check--on' : ''}`}
            role='checkbox'
            aria-checked={Boolean(selected)}
            onClick={() => onSelect?.(!selected)}
          >
            {selected ? '✓' : ''}
          </View>
        )}
        <View id={`ticket-open-${t.id}`} className='grow ticket-card__main' onClick={onOpen}>
          <View className='row row--between ticket-card__head'>
            <Text className='ticket-card__title'>{t.category.name}</Text>
            <TicketStatusTag status={t.status} label={t.statusLabel} overdue={t.overdue} />
          </View>
          <View className='ticket-card__body'>
            {t.thumbUrl && <Image className='ticket-card__thumb' src={absoluteMediaUrl(t.thumbUrl)} mode='aspectFill' />}
            <View className='grow'>
              <Text className='ticket-card__excerpt'>{t.excerpt}</Text>
              <Text className='muted ticket-card__line'>
                {t.address ? `${t.address} · ` : ''}
                {staff ? `${t.community.name} · ${t.grid.name}` : t.grid.name}
              </Text>
              <Text className='ticket-card__line ticket-card__holder'>当前承办：{t.holderLabel}</Text>
              {left && <Text className={`ticket-card__line ${t.overdue ? 'text-danger' : 'muted'}`}>{left}</Text>}
              <Text className='muted ticket-card__line'>
                {t.number ?? '待立案'} · {staff ? `${t.sourceLabel} · ` : ''}
                {formatDateTime(t.createdAt)}
                {t.coReporterCount > 0 ? ` · ${t.coReporterCount} 人也遇到了` : ''}
                {t.priority > 0 ? ` · 优先级 ${t.priority}` : ''}
                {t.extensionPending ? ' · 延期待审批' : ''}
                {staff && t.level === 'district' ? ' · 区级' : ''}
              </Text>
            </View>
          </View>
        </View>
      </View>
      {children}
    </View>
  );
}
