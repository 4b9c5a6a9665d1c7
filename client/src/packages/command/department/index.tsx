import { Text, View } from '@tarojs/components';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { isWideScreen } from '../../../components/TicketView/screen';
import { useSession } from '../../../hooks/useSession';
import NoAccess from '../components/NoAccess';
import QueueView from '../components/QueueView';
import { grantsOf } from '../components/grants';

/** 职能部门: tickets dispatched to my department inside my unit; accept, return, extend, handle. */
export default function DepartmentQueuePage() {
  return (
    <PageWrapper className={`command-page${isWideScreen() ? ' ticket-wide' : ''}`}>
      <LoginGate>
        <DepartmentQueue />
      </LoginGate>
    </PageWrapper>
  );
}

function DepartmentQueue() {
  const { user } = useSession();
  const grant = grantsOf(user, 'department_handler')[0];
  if (!grant) return <NoAccess who='职能部门处置人员' />;
  return (
    <QueueView
      id='department-queue'
      kind='department'
      filters={['status', 'overdue', 'extension', 'category']}
      statuses={['dispatched', 'handling', 'handled']}
      emptyText='没有派给本部门的待办工单'
      header={
        <View className='card command-page__head'>
          <Text className='h1'>
            {grant.unit.name}
            {grant.department ? ` ${grant.department.name}` : ''}
          </Text>
          <Text className='muted'>派给本部门的工单：先签收，处置后上传处置后照片；不属于本部门的请退回并写明应由哪个部门处理。</Text>
        </View>
      }
    />
  );
}
