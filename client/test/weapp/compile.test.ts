/**
 * Compile gate over the BUILT weapp (WEAPP_DIR, default client/dist/weapp):
 *  - every .wxml/.wxs through WeChat's official wcc (miniprogram-compiler's wxmlToJs over the whole app,
 *    and each file on its own so that every broken file is named, with file:line:col);
 *  - every .wxss through wcsc (`-db -pc 0`, called directly: the package's wrapper hides errors);
 *  - app.json: pages and sub-packages exist, tab pages are in the main package, privacy settings;
 *  - package sizes (printed), main < 1 MB, each sub-package < 2 MB, total < 30 MB.
 */
import { existsSync, readFileSync } from 'fs';
import { join, posix } from 'path';
import { describeFailure, ensureExecutable, wcc, wcsc, wxmlClosure, wxssClosure } from './support/compilers';
import { allPages, assertBuilt, fileSize, listFiles, readAppJson, subPackagesOf, WEAPP_DIR, type AppJson } from './support/weapp';

const KB = 1024;
const MB = 1024 * 1024;
const LIMITS = {
  /** The requirement (WeChat itself allows 2 MB). */
  main: 1 * MB,
  sub: 2 * MB,
  total: 30 * MB,
};

let app: AppJson;
let files: string[];

beforeAll(() => {
  assertBuilt();
  ensureExecutable();
  app = readAppJson();
  files = listFiles();
});

describe('WXML and WXS (wcc)', () => {
  it('the whole app compiles with miniprogram-compiler wxmlToJs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { wxmlToJs } = require('miniprogram-compiler');
    let code: string;
    try {
      code = wxmlToJs(WEAPP_DIR, { maxBuffer: 256 * MB });
    } catch (e) {
      // wcc stops at the first error: compile each file alone to name every broken one.
      const perFile = files
        .filter((f) => f.endsWith('.wxml'))
        .map((f) => {
          const { wxml, wxs } = wxmlClosure(f);
          const r = wcc(wxml, wxs);
          return r.ok ? null : describeFailure(f, r);
        })
        .filter(Boolean);
      throw new Error(`wcc failed:\n${(e as Error).message}\n\nPer file:\n${perFile.join('\n') || '(each file compiles alone)'}`);
    }
    // Every page's template must be in the compiled bundle (what the mini-program renders).
    // eslint-disable-next-line no-new-func
    const gwx = new Function(code)() as (path: string) => unknown;
    const missing = allPages(app).filter((p) => typeof gwx(`${p}.wxml`) !== 'function');
    expect(missing).toEqual([]);
  });

  it('each .wxml compiles on its own (with what it imports)', () => {
    const wxmlFiles = files.filter((f) => f.endsWith('.wxml'));
    expect(wxmlFiles.length).toBeGreaterThan(0);
    const failures = wxmlFiles
      .map((f) => {
        const { wxml, wxs } = wxmlClosure(f);
        const r = wcc(wxml, wxs);
        return r.ok ? null : describeFailure(f, r);
      })
      .filter(Boolean);
    if (failures.length) throw new Error(`WXML compile errors (wcc):\n${failures.join('\n')}`);
  });
});

describe('WXSS (wcsc)', () => {
  it('each .wxss compiles (with what it imports)', () => {
    const wxssFiles = files.filter((f) => f.endsWith('.wxss'));
    expect(wxssFiles.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    const failures: string[] = [];
    for (const f of wxssFiles) {
      const r = wcsc(wxssClosure(f));
      if (r.ok) continue;
      // An error inside an imported file shows up again for each importer: report it once.
      if (seen.has(r.stderr)) continue;
      seen.add(r.stderr);
      failures.push(describeFailure(f, r));
    }
    if (failures.length) throw new Error(`WXSS compile errors (wcsc):\n${failures.join('\n')}`);
  });

  it('all .wxss compile together, as DevTools compiles them', () => {
    const r = wcsc(files.filter((f) => f.endsWith('.wxss')));
    if (!r.ok) throw new Error(`wcsc over all files failed:\n${describeFailure('(all .wxss)', r)}`);
    expect(r.stdout).toContain('version=');
  });
});

describe('app.json', () => {
  const pageFilesMissing = (page: string) =>
    ['.js', '.json', '.wxml', '.wxss'].filter((ext) => !existsSync(join(WEAPP_DIR, `${page}${ext}`))).map((ext) => `${page}${ext}`);

  it('every page exists (.js, .json, .wxml, .wxss)', () => {
    const pages = allPages(app);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.flatMap(pageFilesMissing)).toEqual([]);
  });

  it('every sub-package root exists and holds its pages', () => {
    const subs = subPackagesOf(app);
    expect(subs.filter((s) => !existsSync(join(WEAPP_DIR, s.root))).map((s) => s.root)).toEqual([]);
    // No page may be declared twice, and sub-package roots may not overlap.
    const pages = allPages(app);
    expect(pages.filter((p, i) => pages.indexOf(p) !== i)).toEqual([]);
    for (const a of subs) {
      for (const b of subs) {
        if (a !== b) expect(`${b.root}/`.startsWith(`${a.root.replace(/\/+$/, '')}/`)).toBe(false);
      }
    }
    for (const p of app.pages) {
      expect(subs.some((s) => p.startsWith(`${s.root.replace(/\/+$/, '')}/`))).toBe(false);
    }
  });

  it('tab pages are in the main package and their icons exist', () => {
    const list = app.tabBar?.list ?? [];
    for (const tab of list) {
      expect(app.pages).toContain(tab.pagePath);
      for (const icon of [tab.iconPath, tab.selectedIconPath].filter(Boolean) as string[]) {
        expect(existsSync(join(WEAPP_DIR, icon))).toBe(true);
      }
    }
  });

  it('preloadRule names existing pages and sub-packages', () => {
    const rules = (app.preloadRule ?? {}) as Record<string, { packages: string[] }>;
    const pages = allPages(app);
    const subs = subPackagesOf(app);
    for (const [page, rule] of Object.entries(rules)) {
      expect(pages).toContain(page);
      for (const pkg of rule.packages) {
        expect(subs.some((s) => s.root === pkg || s.name === pkg)).toBe(true);
      }
    }
  });

  it('usingComponents of every page and component resolve to built files', () => {
    const broken: string[] = [];
    for (const json of files.filter((f) => f.endsWith('.json') && f !== 'app.json' && f !== 'project.config.json')) {
      const using = (JSON.parse(readFileSync(join(WEAPP_DIR, json), 'utf8')).usingComponents ?? {}) as Record<string, string>;
      for (const [tag, ref] of Object.entries(using)) {
        if (ref.startsWith('plugin://')) continue;
        const target = ref.startsWith('/') ? ref.slice(1) : posix.normalize(posix.join(posix.dirname(json), ref));
        const missing = ['.js', '.json', '.wxml'].filter((ext) => !existsSync(join(WEAPP_DIR, `${target}${ext}`)));
        if (missing.length) broken.push(`${json}: <${tag}> -> ${target} lacks ${missing.join(', ')}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has the privacy settings WeChat requires', () => {
    expect(app.__usePrivacyCheck__).toBe(true);
    expect(app.requiredPrivateInfos).toEqual(expect.arrayContaining(['getLocation', 'chooseLocation']));
    // WeChat rejects getFuzzyLocation together with getLocation.
    expect(app.requiredPrivateInfos).not.toContain('getFuzzyLocation');
    const desc = app.permission?.['scope.userLocation']?.desc;
    expect(typeof desc).toBe('string');
    expect((desc as string).trim().length).toBeGreaterThan(0);
    expect([...(desc as string)].length).toBeLessThanOrEqual(30);
  });
});

describe('package size', () => {
  it('main package < 1 MB, each sub-package < 2 MB, total < 30 MB', () => {
    const subs = subPackagesOf(app).map((s) => ({ root: s.root.replace(/\/+$/, ''), bytes: 0, files: 0 }));
    const main = { bytes: 0, files: 0 };
    for (const f of files) {
      const size = fileSize(f);
      const sub = subs.find((s) => f.startsWith(`${s.root}/`));
      if (sub) {
        sub.bytes += size;
        sub.files += 1;
      } else {
        main.bytes += size;
        main.files += 1;
      }
    }
    const total = main.bytes + subs.reduce((n, s) => n + s.bytes, 0);
    const fmt = (b: number) => `${(b / KB).toFixed(1)} KB`;
    const rows = [
      `weapp build: ${WEAPP_DIR}`,
      `weapp main package: ${fmt(main.bytes).padStart(10)} (${main.files} files, limit ${fmt(LIMITS.main)})`,
      ...subs.map((s) => `weapp sub-package ${s.root}: ${fmt(s.bytes).padStart(10)} (${s.files} files, limit ${fmt(LIMITS.sub)})`),
      `weapp total: ${fmt(total).padStart(10)} (limit ${(LIMITS.total / MB).toFixed(0)} MB)`,
    ];
    // Raw file sizes of everything in the output (what DevTools uploads before its own compression).
    console.log(rows.join('\n'));

    expect(main.bytes).toBeLessThan(LIMITS.main);
    for (const s of subs) {
      if (s.bytes >= LIMITS.sub) throw new Error(`sub-package ${s.root} is ${fmt(s.bytes)}, over ${fmt(LIMITS.sub)}`);
    }
    expect(total).toBeLessThan(LIMITS.total);
  });
});
