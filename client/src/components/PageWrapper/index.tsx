import { View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { IS_WEAPP } from '../../constants/env';
import { useElderMode } from '../../hooks/useElderMode';
import PrivacyPopup from '../PrivacyPopup';

interface Props {
  className?: string;
}

/**
 * Root of every page: applies the theme (elder mode switches the CSS variables), the wide-screen
 * column and the bottom safe area, and hosts the WeChat privacy pop-up.
 */
export default function PageWrapper({ children, className }: PropsWithChildren<Props>) {
  const [elder] = useElderMode();
  return (
    <View className={`page${elder ? ' page--elder' : ''}${className ? ` ${className}` : ''}`}>
      {children}
      {IS_WEAPP && <PrivacyPopup />}
    </View>
  );
}
