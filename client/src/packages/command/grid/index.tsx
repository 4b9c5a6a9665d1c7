import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useSession } from '../../../hooks/useSession';
import NoAccess from '../components/NoAccess';
import QueueView from '../components/QueueView';
import { grantsOf } from '../components/grants';

type Tab = 'all' | 'patrol';

/** 网格员: the tickets of my grid(s) and what I found on patrol; 当场处置 on the detail page. */
export default function GridListPage() {
  return (
    <PageWrapper className='command-page'>
      <LoginGate>
        <GridList />
      </LoginGate>
    </PageWrapper>
  );
}

function GridList() {
  const { user } = useSession();
  const grants = grantsOf(user, 'grid_worker');
  const [tab, setTab] = useState<Tab>('all');
  if (!grants.length) return <NoAccess who='网格员' />;
  return (
    <QueueView
      key={tab}
      id='grid-queue'
      kind='grid'
      preset={tab === 'patrol' ? { source: 'grid_patrol' } : {}}
      filters={['status', 'overdue']}
      statuses={['reported', 'dispatched', 'handling', 'handled']}
      emptyText={tab === 'patrol' ? '还没有巡查上报的问题' : '网格内没有待办工单'}
      header={
        <View>
          <View className='card command-page__head'>
            <Text className='h1'>{grants.map((g) => g.unit.name).join('、')}</Text>
            <Text className='muted'>巡查发现的问题能当场解决的，上报后点“当场处置”；解决不了的交给指挥中心派遣。</Text>
            <Button id='grid-patrol-entry' className='btn command-page__entry' onClick={() => Taro.navigateTo({ url: `${Routes.commandEntry}?source=grid_patrol` })}>
              巡查发现问题
            </Button>
          </View>
          <View className='command-page__tabs' role='tablist'>
            {(['all', 'patrol'] as Tab[]).map((t) => (
              <View key={t} id={`grid-tab-${t}`} role='tab' aria-selected={tab === t} className={`command-page__tab${tab === t ? ' command-page__tab--on' : ''}`} onClick={() => setTab(t)}>
                {t === 'all' ? '网格内待办' : '我巡查发现的'}
              </View>
            ))}
          </View>
        </View>
      }
    />
  );
}
