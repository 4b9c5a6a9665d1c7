/**
 * What the automator journeys need besides WeChat DevTools: Linli's server reachable at the API base
 * the weapp was built with, able to sign in WeChat users, in demo mode (the admin journey uses the
 * seeded demo admin to approve a role request over HTTP).
 *
 * By default this starts the BUILT server (server/bootstrap.js, `npm run build -w server` first) on
 * the port of LINLI_API_BASE, with a fresh embedded database in a temp folder, demo mode on, and
 * WECHAT_API_BASE pointing at the local fake WeChat server (server/test/fakes/wechat-fake.ts), so any
 * `wx.login` code signs in as `openid-<code>`. With LINLI_AUTOMATOR_SERVER=external nothing is started
 * and the server already running at LINLI_API_BASE is used as it is.
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { WechatFake as WechatFakeType } from '../../../../server/test/fakes/wechat-fake';

export const REPO_ROOT = resolve(__dirname, '../../../..');

/** Origin the weapp calls (its build-time TARO_APP_API_BASE; the client defaults to http://localhost:7001). */
export const API_ORIGIN = (process.env.LINLI_API_BASE || process.env.TARO_APP_API_BASE || 'http://localhost:7001').replace(/\/+$/, '');
export const API = `${API_ORIGIN}/api`;

export interface Stack {
  /** True when this process started the server and the fake WeChat (login can be mocked freely). */
  managed: boolean;
  stop(): Promise<void>;
  output(): string;
}

async function healthy(): Promise<boolean> {
  try {
    const r = await fetch(`${API}/health`);
    return r.ok;
  } catch {
    return false;
  }
}

export async function startStack(): Promise<Stack> {
  if (process.env.LINLI_AUTOMATOR_SERVER === 'external') {
    if (!(await healthy())) throw new Error(`LINLI_AUTOMATOR_SERVER=external but ${API}/health does not answer`);
    return { managed: false, stop: async () => undefined, output: () => '' };
  }
  if (await healthy()) {
    throw new Error(
      `Something already answers at ${API_ORIGIN}. Stop it, or set LINLI_AUTOMATOR_SERVER=external to use it ` +
        '(it must then sign in WeChat users and run in demo mode).',
    );
  }
  // LINLI_SERVER_DIR: a folder with bootstrap.js and a built dist/ (default: the repo's server/).
  const serverDir = resolve(process.env.LINLI_SERVER_DIR || join(REPO_ROOT, 'server'));
  const bootstrap = join(serverDir, 'bootstrap.js');
  if (!existsSync(join(serverDir, 'dist'))) throw new Error(`server is not built (${serverDir}/dist missing): run \`npm run build -w server\` first`);

  // Loaded only here, so that a skipped suite (no DevTools) never depends on the server's test code.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WechatFake } = require('../../../../server/test/fakes/wechat-fake') as { WechatFake: typeof WechatFakeType };
  const fake = await new WechatFake().start();
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-automator-'));
  const port = new URL(API_ORIGIN).port || '80';
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [bootstrap], {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: '',
      MIDWAY_SERVER_ENV: 'local',
      PORT: port,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_MODE: '1',
      WECHAT_API_BASE: fake.url,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.secret,
      TZ: 'UTC',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (!(await healthy())) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited (${child.exitCode}):\n${out}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer ${API}/health within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { managed: true, stop, output: () => out };
}

/** Calls Linli's API from the test process; returns `data` or throws with the server's answer. */
export async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const r = await fetch(`${API}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json().catch(() => null)) as { ok?: boolean; data?: T } | null;
  if (!r.ok || !json?.ok) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(json)}`);
  return json.data as T;
}
