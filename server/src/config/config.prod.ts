import type { MidwayConfig } from '@midwayjs/core';
import { loadEnv } from './env';

/**
 * Production: real WeChat credentials, a real phone key and MySQL are required, and demo mode can
 * never be on, whatever DEMO_MODE says.
 */
export default (): MidwayConfig => {
  const env = loadEnv();
  const missing = (['WECHAT_APPID', 'WECHAT_SECRET', 'PHONE_ENC_KEY', 'DATABASE_URL'] as const).filter((k) => !env[k]);
  if (missing.length) throw new Error(`Production needs these environment variables: ${missing.join(', ')}`);
  return { linli: { demoMode: false, seedDemoOnStart: false } };
};
