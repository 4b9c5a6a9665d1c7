import { Text } from '@tarojs/components';
import './index.scss';
import { TicketStatusLabelZh, type TicketStatus } from '@linli/shared';

/** Status -> tag class. The tag always carries the status text; the colour only repeats it. */
const TAG: Record<TicketStatus, string> = {
  reported: 'tag--pending',
  filed: 'tag--accent',
  dispatched: 'tag--accent',
  handling: 'tag--accent',
  returned: 'tag--pending',
  handled: 'tag--pending',
  verified: 'tag--ok',
  closed: 'tag--ok',
  rated: 'tag--ok',
  refused: 'tag--bad',
  cancelled: 'tag--neutral',
};

interface Props {
  status: TicketStatus;
  /** The server's label when it has one (same text as TicketStatusLabelZh). */
  label?: string;
  overdue?: boolean;
  id?: string;
}

/** A ticket's status as a tag, with 已超期 beside it when the current deadline has passed. */
export default function TicketStatusTag({ status, label, overdue, id }: Props) {
  return (
    <Text id={id} className='ticket-status'>
      <Text className={`tag ${TAG[status] ?? 'tag--neutral'}`}>{label ?? TicketStatusLabelZh[status] ?? status}</Text>
      {overdue && <Text className='tag tag--bad ticket-status__overdue'>已超期</Text>}
    </Text>
  );
}
