import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, redirectToLogin, silentLogin } from '../api/request';
import { IS_WEAPP } from '../constants/env';
import { useSession } from './useSession';

/**
 * For pages that need a session. Mini-program: silent WeChat login on first need (no prompt).
 * H5: opens the login page; this page reloads its data when the session appears.
 */
export function useRequireLogin() {
  const session = useSession();
  const [loggingIn, setLoggingIn] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const login = useCallback(async () => {
    if (!IS_WEAPP) {
      redirectToLogin();
      return;
    }
    setLoggingIn(true);
    setError(null);
    try {
      await silentLogin();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setLoggingIn(false);
    }
  }, []);

  useEffect(() => {
    if (!session.loggedIn && IS_WEAPP) void login();
  }, [session.loggedIn, login]);

  useDidShow(() => {
    if (!session.loggedIn && !IS_WEAPP) redirectToLogin();
  });

  return { ...session, loggingIn, loginError: error, login };
}
