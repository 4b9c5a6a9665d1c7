import { Text, View } from '@tarojs/components';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { isWideScreen } from '../../../components/TicketView/screen';
import { useSession } from '../../../hooks/useSession';
import NoAccess from '../components/NoAccess';
import QueueView from '../components/QueueView';
import { grantsOf } from '../components/grants';

/** 区指挥中心: tickets escalated to the district (二级响应), by time left. */
export default function DistrictQueuePage() {
  return (
    <PageWrapper className={`command-page${isWideScreen() ? ' ticket-wide' : ''}`}>
      <LoginGate>
        <DistrictQueue />
      </LoginGate>
    </PageWrapper>
  );
}

function DistrictQueue() {
  const { user } = useSession();
  const grant = grantsOf(user, 'district_dispatcher')[0];
  if (!grant) return <NoAccess who='区指挥中心调度员' />;
  return (
    <QueueView
      id='district-queue'
      kind='district'
      bulk
      unitId={grant.unit.id}
      filters={['status', 'overdue', 'extension', 'street', 'source', 'category']}
      statuses={['filed', 'returned', 'dispatched', 'handling', 'handled', 'verified']}
      emptyText='没有上报到区级的工单'
      header={
        <View className='card command-page__head'>
          <Text className='h1'>{grant.unit.name} 指挥中心</Text>
          <Text className='muted'>街道上报或超时自动上报到区级的工单（二级响应），按剩余时限排序。</Text>
        </View>
      }
    />
  );
}
