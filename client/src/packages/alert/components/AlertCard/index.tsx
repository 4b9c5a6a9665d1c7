import { Text, View } from '@tarojs/components';
import type { AlertResponse } from '@linli/shared';
import { Routes } from '../../../../constants/routes';
import { go, myState, severityClass, shortTime } from '../../utils';

/** One alert in a list: severity, type, status, title, who posted it to whom, and the reader's state. */
export default function AlertCard({ alert }: { alert: AlertResponse }) {
  const mine = myState(alert);
  return (
    <View
      id={`alert-card-${alert.id}`}
      className={`card alert-card alert-card--${alert.severity} alert-card--${alert.displayStatus}`}
      onClick={go(`${Routes.alertDetail}?id=${alert.id}`)}
    >
      <View className='row'>
        <Text className={severityClass(alert.severity)}>{alert.severityLabel}</Text>
        <Text className='tag tag--neutral'>{alert.typeLabel}</Text>
        {alert.displayStatus !== 'published' && <Text className='tag tag--bad'>{alert.displayStatusLabel}</Text>}
        {mine && <Text className={`tag ${alert.mine?.acknowledgedAt ? 'tag--ok' : 'tag--pending'} alert-card__mine`}>{mine}</Text>}
      </View>
      <Text className='alert-card__title'>{alert.title}</Text>
      <Text className='alert-card__meta'>
        {alert.author.nickname} · {shortTime(alert.publishedAt)} · {alert.targets.join('、')}
      </Text>
      {alert.reach && (
        <Text className='alert-card__meta alert-card__reach'>
          送达 {alert.reach.recipients} 人 · 已读 {alert.reach.opened} · 确认 {alert.reach.acknowledged}
        </Text>
      )}
    </View>
  );
}
