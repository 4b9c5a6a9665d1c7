import type { ReactNode } from 'react';
import { useRequireLogin } from '../../hooks/useRequireLogin';
import Empty from '../Empty';
import ErrorState from '../ErrorState';
import Loading from '../Loading';

/** Renders `children` only with a session; otherwise logs in (weapp) or points to the login page (H5). */
export default function LoginGate({ children }: { children: ReactNode }) {
  const { loggedIn, loggingIn, loginError, login } = useRequireLogin();
  if (loggedIn) return <>{children}</>;
  if (loginError) return <ErrorState error={loginError} onRetry={login} />;
  if (loggingIn) return <Loading text='正在登录…' />;
  return <Empty message='请先登录' description='登录后才能使用此功能' actionText='去登录' onAction={login} />;
}
