import { Button, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { TICKET_STATUS_GROUPS, TicketStatusGroupLabelZh, type TicketStatusGroup } from '@linli/shared';
import { useState } from 'react';
import { fetchMyTickets } from '../../../api/tickets';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import TicketCard from '../../../components/TicketCard';
import { useTicketPages } from '../../../components/TicketCard/useTicketPages';
import { Routes } from '../../../constants/routes';
import { useSession } from '../../../hooks/useSession';
import './index.scss';

type Tab = TicketStatusGroup | 'all';
const TABS: Tab[] = ['all', ...TICKET_STATUS_GROUPS];
const TAB_LABEL: Record<Tab, string> = { all: '全部', ...TicketStatusGroupLabelZh };

export default function MyTicketsPage() {
  return (
    <PageWrapper className='my-tickets'>
      <LoginGate>
        <MyTickets />
      </LoginGate>
    </PageWrapper>
  );
}

function MyTickets() {
  const { token } = useSession();
  const [tab, setTab] = useState<Tab>('all');
  const pages = useTicketPages((cursor) => fetchMyTickets({ group: tab === 'all' ? undefined : tab, cursor }), [tab, token]);

  usePullDownRefresh(() => {
    void pages.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void pages.loadMore());

  const report = () => Taro.navigateTo({ url: Routes.ticketReport });

  return (
    <View id='my-tickets'>
      <Button id='my-tickets-report' className='btn my-tickets__report' onClick={report}>
        随手拍，上报一个问题
      </Button>
      <View className='my-tickets__tabs' role='tablist'>
        {TABS.map((t) => (
          <View key={t} id={`my-tickets-tab-${t}`} role='tab' aria-selected={tab === t} className={`my-tickets__tab${tab === t ? ' my-tickets__tab--on' : ''}`} onClick={() => setTab(t)}>
            {TAB_LABEL[t]}
          </View>
        ))}
      </View>
      {pages.loading && <Loading />}
      {!pages.loading && pages.error && <ErrorState error={pages.error} onRetry={pages.reload} />}
      {!pages.loading && !pages.error && pages.items.length === 0 && (
        <Empty message={tab === 'all' ? '您还没有上报过问题' : `没有“${TAB_LABEL[tab]}”的工单`} description='看到身边的问题，拍张照片告诉我们；加入别人的上报（我也遇到了）也会显示在这里。' actionText='去上报' onAction={report} />
      )}
      {!pages.loading &&
        pages.items.map((t) => <TicketCard key={t.id} ticket={t} onOpen={() => Taro.navigateTo({ url: `${Routes.ticketDetail}?id=${t.id}` })} />)}
      {!pages.loading && pages.hasMore && (
        <Button id='my-tickets-more' className={`btn btn--plain${pages.loadingMore ? ' btn--disabled' : ''}`} loading={pages.loadingMore} disabled={pages.loadingMore} onClick={() => void pages.loadMore()}>
          加载更多
        </Button>
      )}
      {!pages.loading && !pages.hasMore && pages.items.length > 0 && <Text className='muted my-tickets__end'>没有更多了</Text>}
    </View>
  );
}
