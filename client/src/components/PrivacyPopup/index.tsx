import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { IS_WEAPP } from '../../constants/env';
import { Routes } from '../../constants/routes';
import { isPrivacyPending, privacyAgreed, privacyDeclined, privacyExposed, subscribePrivacy } from '../../utils/privacy';
import './index.scss';

const AGREE_BUTTON_ID = 'privacy-agree-btn';

/**
 * WeChat's privacy agreement pop-up (mini-program only; H5 renders nothing). Opens when a privacy
 * API is waiting for consent; 同意 uses the agreePrivacyAuthorization button WeChat requires,
 * 拒绝 lets the held API fail so the page can offer its fallback.
 */
export default function PrivacyPopup() {
  const [open, setOpen] = useState(isPrivacyPending());

  useEffect(() => subscribePrivacy(setOpen), []);
  useEffect(() => {
    if (open) privacyExposed();
  }, [open]);

  if (!IS_WEAPP || !open) return null;

  return (
    <View className='privacy-popup' catchMove>
      <View className='privacy-popup__panel' role='dialog' aria-modal='true'>
        <Text className='privacy-popup__title'>用户隐私保护提示</Text>
        <View className='privacy-popup__body'>
          <Text>
            感谢使用邻里。使用定位、头像、昵称或手机号等功能前，请阅读并同意
          </Text>
          <Text className='link' onClick={() => Taro.openPrivacyContract({})}>
            《邻里小程序隐私保护指引》
          </Text>
          <Text>。我们只为您使用的功能收集必要信息，您可以随时在“我的-设置”中查看或撤回。</Text>
        </View>
        <Text className='link privacy-popup__more' onClick={() => Taro.navigateTo({ url: Routes.privacy })}>
          查看邻里隐私政策全文
        </Text>
        <View className='btn-group'>
          <Button className='btn btn--plain' onClick={privacyDeclined}>
            拒绝
          </Button>
          <Button
            id={AGREE_BUTTON_ID}
            className='btn'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => privacyAgreed(AGREE_BUTTON_ID)}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  );
}
