/**
 * Where the built weapp lives and what its app.json says. Shared by the compile gate and the render tests.
 *
 * WEAPP_DIR overrides the default client/dist/weapp (e.g. `TARO_OUTPUT_ROOT=/tmp/weapp-test npx taro build
 * --type weapp` then `WEAPP_DIR=/tmp/weapp-test npx jest --selectProjects weapp`).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join, relative, resolve, sep } from 'path';

export const CLIENT_DIR = resolve(__dirname, '../../..');
export const WEAPP_DIR = resolve(process.env.WEAPP_DIR || join(CLIENT_DIR, 'dist/weapp'));

export interface SubPackage {
  root: string;
  name?: string;
  pages: string[];
  independent?: boolean;
}

export interface AppJson {
  pages: string[];
  subPackages?: SubPackage[];
  subpackages?: SubPackage[];
  tabBar?: { list: Array<{ pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }> };
  __usePrivacyCheck__?: boolean;
  requiredPrivateInfos?: string[];
  permission?: Record<string, { desc: string }>;
  [key: string]: unknown;
}

/** Fails with a clear message when there is no build to check (instead of a confusing ENOENT later). */
export function assertBuilt(): void {
  if (!existsSync(join(WEAPP_DIR, 'app.json'))) {
    throw new Error(
      `No weapp build at ${WEAPP_DIR} (app.json missing). Build first: ` +
        '`cd client && npm run build:weapp` (or `TARO_OUTPUT_ROOT=/tmp/weapp-test npx taro build --type weapp` ' +
        'and set WEAPP_DIR=/tmp/weapp-test).',
    );
  }
}

export function readAppJson(): AppJson {
  return JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8')) as AppJson;
}

export function subPackagesOf(app: AppJson): SubPackage[] {
  return app.subPackages ?? app.subpackages ?? [];
}

/** Every page path of the app (main package first, then each sub-package), without extension. */
export function allPages(app: AppJson = readAppJson()): string[] {
  const pages = [...app.pages];
  for (const sp of subPackagesOf(app)) {
    for (const p of sp.pages) pages.push(`${sp.root.replace(/\/+$/, '')}/${p}`);
  }
  return pages;
}

/** All files under `dir`, as paths relative to WEAPP_DIR with forward slashes. */
export function listFiles(dir: string = WEAPP_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.push(relative(WEAPP_DIR, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function fileSize(rel: string): number {
  return statSync(join(WEAPP_DIR, rel)).size;
}
