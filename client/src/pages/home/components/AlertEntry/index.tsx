import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { UserResponse } from '@linli/shared';
import { Routes } from '../../../../constants/routes';

/** Entries of the police alerts (警情通报) and neighbourhood groups on home, for signed-in users. */
export default function AlertEntry({ user }: { user: UserResponse | null }) {
  if (!user) return null;
  const police = user.roles.some((r) => r.role === 'community_police' && r.unit);
  return (
    <View>
      <Text className='section-title'>社区平安</Text>
      <View className='cells'>
        <View id='home-alert-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.alertFeed })}>
          <View className='cell__label'>
            <Text className='home__entry-title'>警情通报</Text>
            <Text className='muted home__entry-desc'>
              {police ? '向邻里群发布警情，查看送达和确认情况、群众线索' : '社区民警发布的警情，点“收到”确认，向民警提供线索'}
            </Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View id='home-groups-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.alertGroups })}>
          <View className='cell__label'>
            <Text className='home__entry-title'>邻里群</Text>
            <Text className='muted home__entry-desc'>{police ? '建群、邀请商户和居民、审核入群' : '用邀请码或入群码加入社区民警的群'}</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>
    </View>
  );
}
