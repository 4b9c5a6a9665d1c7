import { Text, View } from '@tarojs/components';
import { TicketStatusLabelZh, type TicketEventResponse } from '@linli/shared';
import { formatDateTime } from '../../utils/format';
import TicketPhotos from '../TicketPhotos';
import './index.scss';

/** The details an event carries, in words (reason, target, suggested department, days, rating, stage). */
function details(e: TicketEventResponse): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  if (d.target) out.push(`派往：${d.target.label}`);
  if (d.reasonLabel) out.push(`原因：${d.reasonLabel}`);
  else if (d.reason) out.push(`原因：${d.reason}`);
  if (d.suggestedDepartment) out.push(`建议改派：${d.suggestedDepartment.name}`);
  if (d.days) out.push(`${e.action === 'approve_extension' ? '批准' : '申请'}延期 ${d.days} 个工作日`);
  if (d.rating) out.push(`评分：${'★'.repeat(d.rating)}${'☆'.repeat(Math.max(0, 5 - d.rating))}（${d.rating} 分）`);
  if (d.stage) out.push(`${d.stage.kind === 'file' ? '立案' : '处置'}时限已过 ${d.stage.percent}%${d.stage.percent >= 100 ? '，已超期' : ''}`);
  if (d.auto) out.push('系统自动');
  return out;
}

interface Props {
  events: TicketEventResponse[];
  id?: string;
}

/**
 * The ticket's append-only timeline, newest first. Staff appear as role and unit (the server decides
 * what each viewer may see); status changes are spelled out.
 */
export default function Timeline({ events, id = 'ticket-timeline' }: Props) {
  const list = [...events].reverse();
  return (
    <View className='timeline' id={id}>
      {list.map((e, i) => (
        <View key={e.id} className={`timeline__item${i === 0 ? ' timeline__item--latest' : ''}`} id={`timeline-${e.id}`} data-action={e.action}>
          <View className='timeline__dot' />
          <View className='timeline__body'>
            <View className='row row--between timeline__head'>
              <Text className='timeline__action'>{e.actionLabel}</Text>
              <Text className='muted'>{formatDateTime(e.createdAt)}</Text>
            </View>
            <Text className='timeline__actor'>{e.actor.kind === 'me' && e.actor.label !== '我' ? `我（${e.actor.label}）` : e.actor.label}</Text>
            {e.toStatus && e.fromStatus !== e.toStatus && (
              <Text className='muted timeline__status'>
                {e.fromStatus ? `${TicketStatusLabelZh[e.fromStatus]} → ` : ''}
                {TicketStatusLabelZh[e.toStatus]}
              </Text>
            )}
            {details(e).map((t) => (
              <Text key={t} className='timeline__detail'>
                {t}
              </Text>
            ))}
            {e.note && <Text className='timeline__note'>“{e.note}”</Text>}
            <TicketPhotos photos={e.photos ?? []} small />
          </View>
        </View>
      ))}
    </View>
  );
}
