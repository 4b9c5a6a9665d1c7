import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { renewIfNeeded } from './api/auth';
import { setupPrivacy } from './utils/privacy';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // No login, phone or avatar prompt at launch: only the privacy listener is installed.
    setupPrivacy();
  });
  useDidShow(() => {
    void renewIfNeeded();
  });
  return children;
}

export default App;
