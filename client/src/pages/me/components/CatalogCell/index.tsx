import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Routes } from '../../../../constants/routes';
import { useSession } from '../../../../hooks/useSession';

/** 类别目录 on 我的, for admins: the catalogue of problem categories (district admins edit it). */
export default function CatalogCell() {
  const { user } = useSession();
  if (!user?.roles.some((r) => r.role === 'admin' && r.unit !== null)) return null;
  return (
    <View className='cells'>
      <View id='me-catalog-entry' className='cell cell--link' onClick={() => void Taro.navigateTo({ url: Routes.catalogList })}>
        <Text className='cell__label'>类别目录</Text>
        <Text className='cell__value'>问题类别、责任部门、时限</Text>
        <Text className='cell__arrow'>›</Text>
      </View>
    </View>
  );
}
