import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { UserResponse } from '@linli/shared';
import { Routes } from '../../../../constants/routes';

/** Entries of the watch rotas (轮值轮防) on home: my duty week for everyone, the rota desk for police and admins. */
export default function RotaEntry({ user }: { user: UserResponse | null }) {
  const manager = Boolean(user?.roles.some((r) => (r.role === 'community_police' || r.role === 'admin') && r.unit));
  return (
    <View>
      <Text className='section-title'>轮值轮防</Text>
      <View className='cells'>
        {user && (
          <View id='rota-my-duty-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.rotaMyDuty })}>
            <View className='cell__label'>
              <Text className='home__entry-title'>我的值守</Text>
              <Text className='muted home__entry-desc'>商户轮流值守街面：值守周、打卡、换班和交接</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        {manager && (
          <View id='rota-manage-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.rotaManage })}>
            <View className='cell__label'>
              <Text className='home__entry-title'>轮值管理</Text>
              <Text className='muted home__entry-desc'>排班、审批换班和免值守、查看未打卡的商户</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        <View id='rota-roster-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.rotaRoster })}>
          <View className='cell__label'>
            <Text className='home__entry-title'>轮值表</Text>
            <Text className='muted home__entry-desc'>本街商户值守安排和社区民警联系方式</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>
    </View>
  );
}
