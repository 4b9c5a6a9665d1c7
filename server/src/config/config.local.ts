import type { MidwayConfig } from '@midwayjs/core';
import { loadEnv } from './env';

/** `npm start`: demo mode on (unless DEMO_MODE=0), seeded demo accounts, embedded DB by default. */
export default (): MidwayConfig => {
  const demoMode = loadEnv().DEMO_MODE ?? true;
  return { linli: { demoMode, seedDemoOnStart: demoMode } };
};
