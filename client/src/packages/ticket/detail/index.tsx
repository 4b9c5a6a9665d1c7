import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { fetchTicket } from '../../../api/tickets';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import TicketView from '../../../components/TicketView';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { isWideScreen } from '../../../components/TicketView/screen';

export default function TicketDetailPage() {
  return (
    <PageWrapper className={`ticket-detail${isWideScreen() ? ' ticket-wide' : ''}`}>
      <LoginGate>
        <Detail />
      </LoginGate>
    </PageWrapper>
  );
}

function Detail() {
  const { params } = useRouter();
  const { token } = useSession();
  // Notification links carry `<ticketId>-<eventId>` (one message per event); the ticket id comes first.
  const id = /^\d+(-\d+)?$/.test(params.id ?? '') ? parseInt(params.id as string, 10) : NaN;
  const valid = Number.isInteger(id) && id > 0;
  const ticket = useRequest(() => fetchTicket(id), [id, token], { enabled: valid, refreshOnShow: true, isEmpty: () => false });

  usePullDownRefresh(() => {
    void ticket.reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (!valid) return <Empty message='找不到这条工单' description='链接不完整，请从“我的上报”重新打开' actionText='我的上报' onAction={() => Taro.redirectTo({ url: Routes.ticketMine })} />;
  if (ticket.loading && !ticket.data) return <Loading />;
  if (ticket.error?.code === 'NOT_FOUND') return <Empty message='工单不存在或您无权查看' actionText='我的上报' onAction={() => Taro.redirectTo({ url: Routes.ticketMine })} />;
  if (ticket.error && !ticket.data) return <ErrorState error={ticket.error} onRetry={ticket.reload} />;
  if (!ticket.data) return <Loading />;
  return <TicketView ticket={ticket.data} onChanged={ticket.setData} onReload={ticket.reload} wide={isWideScreen()} />;
}
