import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { fetchPointsSummary } from '../../../../api/points';
import { Routes } from '../../../../constants/routes';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';

/** 我的积分 on 我的: the balance (one row read on the server), opening the points pages. */
export default function PointsCell() {
  const session = useSession();
  const summary = useRequest(fetchPointsSummary, [session.token], { enabled: session.loggedIn, refreshOnShow: true, isEmpty: () => false });
  if (!session.loggedIn) return null;
  return (
    <View className='cells'>
      <View id='me-points-entry' className='cell cell--link' onClick={() => void Taro.navigateTo({ url: Routes.pointsHome })}>
        <Text className='cell__label'>我的积分</Text>
        <Text id='me-points-balance' className='cell__value'>
          {summary.data ? `${summary.data.balance} 分` : summary.error ? '暂不可用' : '…'}
        </Text>
        <Text className='cell__arrow'>›</Text>
      </View>
    </View>
  );
}
