import { Button, Text, View } from '@tarojs/components';
import type { SubscriptionResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchSubscriptions } from '../../../api/notifications';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { subscriptionStore } from '../../../stores/subscriptions';
import { toastOk } from '../../../utils/feedback';
import { askSubscribe, openSubscriptionSettings } from '../../../utils/subscribe';
import './index.scss';

export default function SubscriptionsPage() {
  return (
    <PageWrapper className='subscriptions'>
      <LoginGate>
        <Subscriptions />
      </LoginGate>
    </PageWrapper>
  );
}

function Subscriptions() {
  const { token } = useSession();
  const loaded = useRequest(fetchSubscriptions, [token], { refreshOnShow: true });
  // The store also changes when a popup answer is reported (askSubscribe): show the latest.
  const [list, setList] = useState<SubscriptionResponse[] | null>(subscriptionStore.get());
  useEffect(() => subscriptionStore.subscribe(setList), []);
  useEffect(() => {
    if (loaded.data) setList(loaded.data);
  }, [loaded.data]);

  if (loaded.loading && !list) return <Loading />;
  if (loaded.error && !list) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;

  const handleAsk = (s: SubscriptionResponse) => {
    // Synchronous in the tap: WeChat shows the popup only here.
    void askSubscribe([s.templateKey], { explain: 'always' }).then((r) => {
      if (r.kind === 'answered' && r.results[s.templateKey] === 'accept') toastOk('已订阅一次提醒');
    });
  };

  return (
    <View>
      <View className='card subscriptions__intro' id='subscriptions-intro'>
        <Text className='card__title'>关于消息提醒</Text>
        <Text className='card__desc'>
          微信规定：您每同意一次订阅，我们只能给您发送一条该类提醒；发送后需要再次同意才能继续接收。所有消息都会同时保存在“我的 - 消息”中，不订阅也不会错过。
        </Text>
        {!IS_WEAPP && <Text className='card__desc'>网页版无法订阅微信提醒，请在微信小程序中设置。</Text>}
      </View>
      <View id='subscriptions-list'>
        {(list ?? []).map((s) => (
          <View key={s.templateKey} id={`subscription-${s.templateKey}`} className='card subscription-item'>
            <View className='row row--between'>
              <Text className='card__title subscription-item__title'>{s.title}</Text>
              {s.lastStatusLabel && <Text className={`tag ${s.canAsk ? 'tag--ok' : 'tag--bad'}`}>{s.lastStatusLabel}</Text>}
            </View>
            <Text className='card__desc'>{s.description}</Text>
            <Text className='subscription-item__credits'>{s.credits > 0 ? `还可接收 ${s.credits} 次` : '还可接收 0 次（仅站内消息）'}</Text>
            {IS_WEAPP && (
              <Button id={`subscription-ask-${s.templateKey}`} className='btn btn--plain subscription-item__ask' onClick={() => handleAsk(s)}>
                {s.canAsk ? '订阅一次提醒' : '去设置中开启'}
              </Button>
            )}
          </View>
        ))}
      </View>
      {IS_WEAPP && (
        <Button id='subscriptions-settings' className='btn btn--plain' onClick={() => openSubscriptionSettings(list ?? [])}>
          打开微信订阅消息设置
        </Button>
      )}
    </View>
  );
}
