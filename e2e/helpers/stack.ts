import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { RunningServer, startServer } from './server';

export interface Stack {
  server: RunningServer;
  browser: Browser;
}

/**
 * The built server (started as `npm start` starts it; an `H5_DIR` in the environment picks another H5
 * build) and a headless Chromium, for one journey file.
 */
export async function startStack(): Promise<Stack> {
  const server = await startServer();
  try {
    return { server, browser: await launch() };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export async function stopStack(stack: Partial<Stack>): Promise<void> {
  await stack.browser?.close();
  await stack.server?.stop();
}
