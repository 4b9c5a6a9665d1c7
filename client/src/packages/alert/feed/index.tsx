import { Button, Text, View } from '@tarojs/components';
import { usePullDownRefresh } from '@tarojs/taro';
import Taro from '@tarojs/taro';
import type { AlertResponse, Page } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchAlertFeed, fetchPostedAlerts } from '../../../api/alerts';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError } from '../../../utils/feedback';
import AlertCard from '../components/AlertCard';
import { go } from '../utils';
import '../alert.scss';

export default function AlertFeedPage() {
  return (
    <PageWrapper className='alert-feed'>
      <LoginGate>
        <Feed />
      </LoginGate>
    </PageWrapper>
  );
}

type Tab = 'feed' | 'posted';

/**
 * 警情通报: alerts sent to me (newest first, with my 已读/确认 state); officers and admins also see the
 * alerts they run, with reach figures, and the entries to post, to their groups and to tips.
 */
function Feed() {
  const { user, token } = useSession();
  const runs = Boolean(user?.roles.some((r) => (r.role === 'community_police' || r.role === 'admin') && r.unit));
  const police = Boolean(user?.roles.some((r) => r.role === 'community_police' && r.unit));
  const [tab, setTab] = useState<Tab>('feed');
  const first = useRequest(() => (tab === 'feed' ? fetchAlertFeed() : fetchPostedAlerts()), [token, tab], {
    refreshOnShow: true,
    isEmpty: (p: Page<AlertResponse>) => p.items.length === 0,
  });
  const [more, setMore] = useState<AlertResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  usePullDownRefresh(() => {
    void first.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const page = tab === 'feed' ? await fetchAlertFeed({ cursor }) : await fetchPostedAlerts({ cursor });
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const items = [...(first.data?.items ?? []), ...more];
  return (
    <View id='alert-feed-page'>
      <View className='cells'>
        {police && (
          <View id='alert-new-entry' className='cell cell--link' onClick={go(Routes.alertNew)}>
            <Text className='cell__label'>发布警情</Text>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        <View id='alert-groups-entry' className='cell cell--link' onClick={go(Routes.alertGroups)}>
          <View className='cell__label'>
            <Text>我的邻里群</Text>
            <Text className='muted'>{runs ? ' · 建群、邀请成员、审核入群' : ' · 用邀请码加入社区民警的群'}</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View id='alert-tips-entry' className='cell cell--link' onClick={go(Routes.alertTips)}>
          <Text className='cell__label'>{police ? '群众线索' : '我的线索和提问'}</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>

      {runs && (
        <View className='alert-tabs'>
          <View id='alert-tab-feed' className={`alert-chip${tab === 'feed' ? ' alert-chip--on' : ''}`} onClick={() => setTab('feed')}>
            收到的警情
          </View>
          <View id='alert-tab-posted' className={`alert-chip${tab === 'posted' ? ' alert-chip--on' : ''}`} onClick={() => setTab('posted')}>
            我负责的警情
          </View>
        </View>
      )}

      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : first.empty ? (
        <Empty
          message={tab === 'feed' ? '暂无警情通报' : '还没有发布过警情'}
          description={tab === 'feed' ? '加入社区民警的邻里群后，民警发布的警情会显示在这里' : '点“发布警情”向您的邻里群发布'}
        />
      ) : (
        <View id='alert-feed'>
          {items.map((a) => (
            <AlertCard key={a.id} alert={a} />
          ))}
          {cursor && (
            <Button className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={loadMore}>
              加载更多
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
