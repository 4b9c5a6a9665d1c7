import { Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import PageWrapper from '../../../components/PageWrapper';
import { APP_VERSION, IS_WEAPP } from '../../../constants/env';
import { Routes } from '../../../constants/routes';
import { useElderMode } from '../../../hooks/useElderMode';
import './index.scss';

export default function Settings() {
  const [elder, setElder] = useElderMode();

  return (
    <PageWrapper className='settings'>
      <Text className='section-title'>显示</Text>
      <View className='cells'>
        <View className='cell' onClick={() => setElder(!elder)}>
          <View className='cell__label'>
            <Text className='settings__title'>长辈模式</Text>
            <Text className='muted settings__desc'>更大的字号和按钮，更清晰的对比度</Text>
          </View>
          <Text className='cell__value'>{elder ? '已开启' : '已关闭'}</Text>
          <View onClick={(e) => e.stopPropagation()}>
            <Switch
              id='elder-mode-switch'
              checked={elder}
              color='#1a73e8'
              aria-label='长辈模式'
              onChange={(e) => setElder(Boolean(e.detail.value))}
            />
          </View>
        </View>
      </View>

      <Text className='section-title'>隐私</Text>
      <View className='cells'>
        <View id='settings-privacy-entry' className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.privacy })}>
          <Text className='cell__label'>隐私政策</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        {IS_WEAPP && (
          <View className='cell cell--link' onClick={() => Taro.openSetting({})}>
            <View className='cell__label'>
              <Text className='settings__title'>系统授权管理</Text>
              <Text className='muted settings__desc'>查看或关闭位置等授权</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        )}
        <View className='cell cell--link' onClick={() => Taro.navigateTo({ url: Routes.myData })}>
          <View className='cell__label'>
            <Text className='settings__title'>我的数据</Text>
            <Text className='muted settings__desc'>导出个人数据、注销账号</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>

      <Text className='section-title'>关于</Text>
      <View className='card' id='settings-about'>
        <Text className='card__title'>邻里 {APP_VERSION}</Text>
        <Text className='card__desc'>
          邻里是面向城市社区网格化治理的服务平台，连接居民、楼栋长、商户、网格员和街道、区指挥中心。当前版本提供辖区查询、身份申请与审核、辖区数据管理。
        </Text>
      </View>
    </PageWrapper>
  );
}
