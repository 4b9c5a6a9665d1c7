import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { NotificationResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchNotifications, markAllNotificationsRead, markNotificationRead } from '../../../api/notifications';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes, TAB_ROUTES } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import './index.scss';

export default function InboxPage() {
  return (
    <PageWrapper className='inbox'>
      <LoginGate>
        <Inbox />
      </LoginGate>
    </PageWrapper>
  );
}

/** Opens the page a message points to (a tab page needs switchTab). */
function openPage(page: string) {
  const url = `/${page.replace(/^\/+/, '')}`;
  const path = url.split('?')[0];
  const fail = () => void Taro.showToast({ title: '该页面暂未开放', icon: 'none' });
  if (TAB_ROUTES.includes(path)) void Taro.switchTab({ url: path, fail });
  else void Taro.navigateTo({ url, fail });
}

function Inbox() {
  const { token } = useSession();
  // The first page reloads whenever the page is shown again (new messages, read elsewhere).
  const first = useRequest(() => fetchNotifications(null), [token], { refreshOnShow: true, isEmpty: (p) => p.items.length === 0 });
  const [more, setMore] = useState<NotificationResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [readNow, setReadNow] = useState<Set<number>>(new Set());
  const [allRead, setAllRead] = useState(false);

  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
    setReadNow(new Set());
    setAllRead(false);
  }, [first.data]);

  if (first.loading && !first.data) return <Loading />;
  if (first.error) return <ErrorState error={first.error} onRetry={first.reload} />;
  if (first.empty) return <Empty message='暂无消息' description='审核结果、工单进展、警情提醒等消息会显示在这里' />;

  const items = [...(first.data?.items ?? []), ...more].map((n) => (allRead || readNow.has(n.id) ? { ...n, read: true } : n));
  const unread = items.filter((n) => !n.read).length;

  const handleOpen = (n: NotificationResponse) => {
    if (!n.read) {
      setReadNow((s) => new Set(s).add(n.id));
      void markNotificationRead(n.id).catch(toastError);
    }
    openPage(n.page);
  };

  const handleReadAll = async () => {
    try {
      await markAllNotificationsRead();
      setAllRead(true);
      toastOk('已全部标为已读');
    } catch (e) {
      toastError(e);
    }
  };

  const handleMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await fetchNotifications(cursor);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toastError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <View>
      <View className='row row--between inbox__bar'>
        <Text className='section-title inbox__count'>{unread ? `${unread} 条未读` : '全部已读'}</Text>
        <Button id='inbox-read-all' className={`btn btn--plain btn--inline${unread ? '' : ' btn--disabled'}`} disabled={!unread} onClick={handleReadAll}>
          全部已读
        </Button>
      </View>
      <View id='inbox-list'>
        {items.map((n) => (
          <View key={n.id} id={`inbox-item-${n.id}`} className={`card inbox-item${n.read ? '' : ' inbox-item--unread'}`} onClick={() => handleOpen(n)}>
            <View className='row row--between'>
              <View className='row inbox-item__head'>
                {!n.read && <View className='inbox-item__dot' />}
                <Text className='card__title inbox-item__title'>{n.title}</Text>
              </View>
              {!n.read && <Text className='tag tag--accent inbox-item__unread'>未读</Text>}
            </View>
            <Text className='inbox-item__body'>{n.body}</Text>
            <Text className='muted inbox-item__meta'>
              {formatDateTime(n.createdAt)}
              {n.delivery ? ` · ${n.delivery.label}` : ''}
            </Text>
          </View>
        ))}
      </View>
      {cursor ? (
        <Button id='inbox-more' className={`btn btn--plain${loadingMore ? ' btn--disabled' : ''}`} loading={loadingMore} disabled={loadingMore} onClick={handleMore}>
          加载更多
        </Button>
      ) : (
        <Text className='muted inbox__end'>没有更多消息了</Text>
      )}
      <Text className='link inbox__settings' onClick={() => void Taro.navigateTo({ url: Routes.subscriptions })}>
        消息订阅设置
      </Text>
    </View>
  );
}
