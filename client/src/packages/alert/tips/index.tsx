import { Button, Text, View } from '@tarojs/components';
import type { TipResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchMyTips, fetchStationTips } from '../../../api/alerts';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError } from '../../../utils/feedback';
import { go, shortTime } from '../utils';
import '../alert.scss';

export default function TipsPage() {
  return (
    <PageWrapper className='alert-tips'>
      <LoginGate>
        <Tips />
      </LoginGate>
    </PageWrapper>
  );
}

/** Officers: the tips of their station's groups, newest first. Everyone else: the tips they sent. */
function Tips() {
  const { user, token } = useSession();
  const police = Boolean(user?.roles.some((r) => r.role === 'community_police' && r.unit));
  const [station, setStation] = useState(police);
  const first = useRequest(() => (station ? fetchStationTips() : fetchMyTips()), [token, station], { refreshOnShow: true, isEmpty: (p) => p.items.length === 0 });
  const [more, setMore] = useState<TipResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  const loadMore = async () => {
    try {
      const page = station ? await fetchStationTips({ cursor: cursor! }) : await fetchMyTips({ cursor: cursor! });
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View id='tips-page'>
      {police && (
        <View className='alert-tabs'>
          <View id='tips-tab-station' className={`alert-chip${station ? ' alert-chip--on' : ''}`} onClick={() => setStation(true)}>
            本所线索
          </View>
          <View id='tips-tab-mine' className={`alert-chip${!station ? ' alert-chip--on' : ''}`} onClick={() => setStation(false)}>
            我发送的
          </View>
        </View>
      )}
      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : first.empty ? (
        <Empty message='暂无线索' description={station ? '群成员发送的线索和提问会显示在这里，只有本派出所民警能看到' : '在警情详情里可以向民警提供线索或提问'} />
      ) : (
        <View id='tips-list'>
          {[...(first.data?.items ?? []), ...more].map((t) => (
            <View key={t.id} id={`tip-item-${t.id}`} className='card tip-item' onClick={go(`${Routes.alertTip}?id=${t.id}`)}>
              <View className='row'>
                <Text className='tag tag--neutral'>{t.kindLabel}</Text>
                <Text className={`tag ${t.status === 'new' ? 'tag--pending' : 'tag--ok'}`}>{t.statusLabel}</Text>
              </View>
              <Text className='alert-line'>{t.text.length > 60 ? `${t.text.slice(0, 60)}…` : t.text}</Text>
              <Text className='muted alert-line'>
                {t.author && station ? `${t.author.nickname} · ` : ''}
                {t.group.name} · {shortTime(t.createdAt)}
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
