import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { isWideScreen } from '../../../components/TicketView/screen';
import { Routes } from '../../../constants/routes';
import { useSession } from '../../../hooks/useSession';
import NoAccess from '../components/NoAccess';
import QueueView from '../components/QueueView';
import { grantsOf } from '../components/grants';

/** 街道指挥中心: the street's tickets by time left; file, dispatch (also in bulk), verify, close, escalate. */
export default function DispatcherQueuePage() {
  return (
    <PageWrapper className={`command-page${isWideScreen() ? ' ticket-wide' : ''}`}>
      <LoginGate>
        <DispatcherQueue />
      </LoginGate>
    </PageWrapper>
  );
}

function DispatcherQueue() {
  const { user } = useSession();
  const grant = grantsOf(user, 'street_dispatcher')[0];
  if (!grant) return <NoAccess who='街道指挥中心调度员' />;
  return (
    <QueueView
      id='dispatcher-queue'
      kind='dispatcher'
      bulk
      unitId={grant.unit.id}
      filters={['status', 'overdue', 'extension', 'community', 'source', 'category']}
      statuses={['reported', 'filed', 'returned', 'dispatched', 'handling', 'handled', 'verified']}
      emptyText='没有符合条件的工单'
      header={
        <View className='card row row--between command-page__head'>
          <View className='grow'>
            <Text className='h1'>{grant.unit.name} 指挥中心</Text>
            <Text className='muted'>按剩余时限排序，超期的在最前。勾选多件可批量派遣。</Text>
          </View>
          <Button id='dispatcher-entry' className='btn btn--inline' onClick={() => Taro.navigateTo({ url: `${Routes.commandEntry}?source=hotline` })}>
            录入工单
          </Button>
        </View>
      }
    />
  );
}
