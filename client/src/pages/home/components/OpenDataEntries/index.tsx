import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { UserResponse } from '@linli/shared';
import { Routes } from '../../../../constants/routes';
import { canReadFigures } from '../../../../utils/figures-access';
import { canReadAuditLog } from '../../../../utils/roles';

/**
 * Home: 身边的事 (the public board, for everyone, signed in or not), 统计分析 for the command centres
 * and admins, and the Open311 keys for admins.
 */
export default function OpenDataEntries({ user }: { user: UserResponse | null }) {
  const go = (url: string) => () => Taro.navigateTo({ url });
  return (
    <View id='home-open-data'>
      <Text className='section-title'>公开与统计</Text>
      <View className='cells'>
        <View id='home-board-entry' className='cell cell--link' onClick={go(Routes.board)}>
          <View className='cell__label'>
            <Text className='home__entry-title'>身边的事</Text>
            <Text className='muted home__entry-desc'>附近居民反映的问题和办理进度（不含个人信息）</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
        {canReadFigures(user) && (
          <View id='home-dashboard-entry' className='cell cell--link' onClick={go(Routes.dashboard)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>统计分析</Text>
              <Text className='muted home__entry-desc'>立案数、处置率、办结率、满意率等指标，可导出</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        {canReadAuditLog(user) && (
          <View id='home-open311-entry' className='cell cell--link' onClick={go(Routes.open311Keys)}>
            <View className='cell__label'>
              <Text className='home__entry-title'>开放数据接口</Text>
              <Text className='muted home__entry-desc'>为 Open311 应用签发和停用接口密钥</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
      </View>
    </View>
  );
}
