import Taro from '@tarojs/taro';
import { useState } from 'react';
import { silentLogin } from '../api/request';
import { IS_WEAPP } from '../constants/env';
import { Routes } from '../constants/routes';
import { toastError } from '../utils/feedback';

/**
 * The 登录 button's action: in the weapp a silent Taro.login (no prompt), in H5 the demo sign-in page.
 * Returns the handler and whether a sign-in is in progress.
 */
export function useLoginAction(): { busy: boolean; handleLogin: () => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const handleLogin = async () => {
    if (!IS_WEAPP) {
      void Taro.navigateTo({ url: Routes.login });
      return;
    }
    setBusy(true);
    try {
      await silentLogin();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, handleLogin };
}
