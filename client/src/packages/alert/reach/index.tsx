import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { AlertRecipientResponse, ReachFilter } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchAlert, fetchAlertRecipients } from '../../../api/alerts';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useRequest } from '../../../hooks/useRequest';
import { toastError } from '../../../utils/feedback';
import Chips from '../components/Chips';
import { idParam, shortTime } from '../utils';
import '../alert.scss';

export default function ReachPage() {
  return (
    <PageWrapper className='alert-reach'>
      <LoginGate>
        <Reach />
      </LoginGate>
    </PageWrapper>
  );
}

const FILTERS: Array<{ value: ReachFilter; label: string }> = [
  { value: 'unacknowledged', label: '未确认' },
  { value: 'acknowledged', label: '已确认' },
  { value: 'all', label: '全部' },
];

/** Who has (not) acknowledged an alert, with read state and the WeChat delivery state of each member. */
function Reach() {
  const { params } = useRouter();
  const id = idParam(params.id);
  const [filter, setFilter] = useState<ReachFilter>('unacknowledged');
  const alert = useRequest(() => fetchAlert(id!), [id], { enabled: id !== null, isEmpty: () => false });
  const first = useRequest(() => fetchAlertRecipients(id!, { filter }), [id, filter], { enabled: id !== null, isEmpty: (p) => p.items.length === 0 });
  const [more, setMore] = useState<AlertRecipientResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  if (id === null) return <Empty message='链接无效' description='请从“警情通报”重新打开' />;
  if (alert.error) return <ErrorState error={alert.error} onRetry={alert.reload} />;
  const r = alert.data?.reach;

  const loadMore = async () => {
    try {
      const page = await fetchAlertRecipients(id, { filter, cursor: cursor! });
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View id='reach-page'>
      {alert.data && (
        <View className='card' id='reach-summary'>
          <Text className='card__title'>{alert.data.title}</Text>
          {r && (
            <Text className='alert-line'>
              应收到 {r.recipients} 人 · 已读 {r.opened} · 确认收到 {r.acknowledged} · 未确认 {r.recipients - r.acknowledged}
            </Text>
          )}
          {r?.delivery && (
            <Text className='muted alert-line'>
              微信推送：已推送 {r.delivery.sent} · 推送中 {r.delivery.queued + r.delivery.sending} · 未订阅（仅站内）{r.delivery.no_credit} · 拒收 {r.delivery.refused} · 失败{' '}
              {r.delivery.error}
            </Text>
          )}
        </View>
      )}
      <Chips idPrefix='reach-filter' options={FILTERS} value={filter} onChange={setFilter} />
      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : first.empty ? (
        <Empty message={filter === 'unacknowledged' ? '所有成员都已确认收到' : '暂无'} />
      ) : (
        <View className='card alert-line' id='reach-list'>
          {[...(first.data?.items ?? []), ...more].map((m) => (
            <View key={m.userId} className='alert-list-item reach-item' id={`reach-item-${m.userId}`}>
              <View className='row row--between'>
                <Text>
                  {m.nickname}
                  {m.kindLabel ? `（${m.kindLabel}）` : ''}
                </Text>
                <Text className={`tag ${m.acknowledgedAt ? 'tag--ok' : m.openedAt ? 'tag--pending' : 'tag--neutral'}`}>
                  {m.acknowledgedAt ? '已确认' : m.openedAt ? '已读未确认' : '未读'}
                </Text>
              </View>
              <Text className='muted'>
                微信：{m.deliveryLabel}
                {m.acknowledgedAt ? ` · 确认于 ${shortTime(m.acknowledgedAt)}` : ''}
              </Text>
            </View>
          ))}
          {cursor && (
            <Button className='btn btn--plain' onClick={loadMore}>
              加载更多
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
