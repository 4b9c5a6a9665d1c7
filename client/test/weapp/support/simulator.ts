/**
 * Runs the BUILT Taro weapp inside jest/jsdom with miniprogram-simulate (see shared/docs/STACK.md,
 * "Checking the WeChat build without WeChat DevTools").
 *
 * miniprogram-simulate only knows custom components, so this shim supplies what the mini-program
 * runtime would: `App`, `getApp`, `getCurrentPages`, `requirePlugin`, a `Page` that turns the page
 * options Taro builds into a `Component` (onLoad/onShow from `attached`, onReady from `ready`,
 * onUnload from `detached`), and a `wx` with in-memory storage, a `request` answered from a table of
 * canned API responses, `login`, system info, privacy, navigation and feedback stubs that record calls.
 *
 * One `bootApp()` per test file: it loads runtime.js/taro.js/vendors.js/common.js/app.js into jest's
 * module registry, which jest resets per file.
 */
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import type { UserResponse } from '@linli/shared';
import { defaultApi, type ApiHandler } from './fixtures';
import { WEAPP_DIR } from './weapp';

// miniprogram-simulate and its exparser have no types worth importing here.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export interface ApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  header: Record<string, string>;
}

export interface WxCall {
  name: string;
  args: Any[];
}

export interface BootOptions {
  /** Storage contents before the app starts (values are stored as given; the app stores JSON strings). */
  storage?: Record<string, unknown>;
  /** Who the canned API signs in and returns from /me (default: the fixtures' admin). */
  user?: UserResponse;
  /** Replaces entries of the canned API table. */
  api?: Record<string, ApiHandler>;
  /** Code answered by wx.login. */
  loginCode?: string;
}

export interface RenderedPage {
  path: string;
  /** The j-component root component. */
  comp: Any;
  /** The page's rendered text (all nested custom components included), whitespace collapsed. */
  text(): string;
  /** First exparser element (through nested shadow trees) matching `#id` or `.class`. */
  find(selector: string): Any | null;
  findAll(selector: string): Any[];
  /** Class attribute of a matched element. */
  classOf(selector: string): string;
  /** Dispatches a WeChat `tap` on the matched element, then waits until the page settles. */
  tap(selector: string): Promise<void>;
  /** Dispatches any event (e.g. `change` with a detail) on the matched element, then settles. */
  trigger(selector: string, event: string, detail?: Record<string, unknown>): Promise<void>;
  settle(): Promise<void>;
  detach(): void;
}

export interface Sim {
  root: string;
  apiCalls: ApiCall[];
  wxCalls: WxCall[];
  /** navigateTo / redirectTo / switchTab / reLaunch / navigateBack calls, as `api url`. */
  navigations: string[];
  storage: Map<string, unknown>;
  /** console.error output and uncaught errors (jest itself fails a test on an unhandled rejection). */
  errors: string[];
  warnings: string[];
  api: Record<string, ApiHandler>;
  renderPage(path: string, query?: Record<string, string>): Promise<RenderedPage>;
  settle(): Promise<void>;
  callsTo(name: string): WxCall[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fmt(args: Any[]): string {
  return args
    .map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : safeJson(a)))
    .join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function bootApp(options: BootOptions = {}): Sim {
  const root = WEAPP_DIR;
  const apiTable: Record<string, ApiHandler> = { ...defaultApi(options.user), ...(options.api ?? {}) };
  const apiCalls: ApiCall[] = [];
  const wxCalls: WxCall[] = [];
  const navigations: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const storage = new Map<string, unknown>(Object.entries(options.storage ?? {}));
  let pending = 0;
  let lastActivity = Date.now();
  const touch = () => {
    lastActivity = Date.now();
  };

  // ---- error capture: React logs render errors with console.error; the runtime may throw async.
  const origError = console.error.bind(console);
  const origWarn = console.warn.bind(console);
  console.error = (...args: Any[]) => {
    errors.push(fmt(args));
    origError(...args);
  };
  console.warn = (...args: Any[]) => {
    warnings.push(fmt(args));
    origWarn(...args);
  };
  window.addEventListener('error', (e: ErrorEvent) => errors.push(`uncaught: ${e.message} ${e.error?.stack ?? ''}`));
  // Unhandled promise rejections need no hook: jest fails the running test on them by itself.

  // ---- miniprogram-simulate first: it defines global.Component and merges its own `wx`, which we replace.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulate = require('miniprogram-simulate');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exparser = require('miniprogram-exparser');
  const g = globalThis as Any;

  // ---- wx
  const record = (name: string, args: Any[]) => {
    wxCalls.push({ name, args });
    touch();
  };
  /** Async-style API that succeeds with `result` on the next macrotask, like the real thing. */
  const asyncOk =
    (name: string, result: (opts: Any) => Any = () => ({})) =>
    (opts: Any = {}) => {
      record(name, [opts]);
      pending++;
      setTimeout(() => {
        pending--;
        touch();
        const res = { errMsg: `${name}:ok`, ...result(opts) };
        opts.success?.(res);
        opts.complete?.(res);
      }, 0);
    };
  const nav = (name: string) =>
    asyncOk(name, (opts) => {
      navigations.push(`${name} ${opts.url ?? `delta=${opts.delta ?? 1}`}`);
      return {};
    });

  const systemInfo = {
    brand: 'devtools',
    model: 'iPhone 13',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 763,
    statusBarHeight: 47,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 16.0',
    platform: 'devtools',
    fontSizeSetting: 16,
    SDKVersion: '3.6.0',
    theme: 'light',
    safeArea: { top: 47, left: 0, right: 390, bottom: 810, width: 390, height: 763 },
  };

  const wx: Record<string, Any> = {
    // storage
    getStorageSync: (key: string) => {
      record('getStorageSync', [key]);
      return storage.has(key) ? storage.get(key) : '';
    },
    setStorageSync: (key: string, value: unknown) => {
      record('setStorageSync', [key, value]);
      storage.set(key, value);
    },
    removeStorageSync: (key: string) => {
      record('removeStorageSync', [key]);
      storage.delete(key);
    },
    clearStorageSync: () => {
      record('clearStorageSync', []);
      storage.clear();
    },
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 1, limitSize: 10240 }),
    getStorage: asyncOk('getStorage', (o) => ({ data: storage.get(o.key) })),
    setStorage: asyncOk('setStorage', (o) => {
      storage.set(o.key, o.data);
      return {};
    }),
    removeStorage: asyncOk('removeStorage', (o) => {
      storage.delete(o.key);
      return {};
    }),

    // network
    request: (opts: Any) => {
      const url = new URL(opts.url);
      const path = url.pathname.replace(/^\/api(?=\/)/, '');
      const method = String(opts.method || 'GET').toUpperCase();
      const query = Object.fromEntries(url.searchParams.entries());
      let body = opts.data;
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          /* keep the string */
        }
      }
      const call: ApiCall = { method, path, query, body, header: opts.header ?? {} };
      apiCalls.push(call);
      record('request', [opts]);
      const handler = findHandler(apiTable, method, path);
      const reply = handler
        ? handler(call)
        : { statusCode: 404, data: { ok: false, error: 'NOT_FOUND', message: `no canned answer for ${method} ${path}` } };
      pending++;
      const timer = setTimeout(() => {
        pending--;
        touch();
        const res = { statusCode: reply.statusCode, data: reply.data, header: { 'content-type': 'application/json' }, cookies: [], errMsg: 'request:ok' };
        opts.success?.(res);
        opts.complete?.(res);
      }, 1);
      return {
        abort: () => clearTimeout(timer),
        onHeadersReceived: () => undefined,
        offHeadersReceived: () => undefined,
        onChunkReceived: () => undefined,
        offChunkReceived: () => undefined,
      };
    },

    // login & device
    login: asyncOk('login', () => ({ code: options.loginCode ?? 'sim-login-code' })),
    checkSession: asyncOk('checkSession'),
    getSystemInfoSync: () => ({ ...systemInfo }),
    getSystemInfo: asyncOk('getSystemInfo', () => ({ ...systemInfo })),
    getWindowInfo: () => ({
      pixelRatio: systemInfo.pixelRatio,
      screenWidth: systemInfo.screenWidth,
      screenHeight: systemInfo.screenHeight,
      windowWidth: systemInfo.windowWidth,
      windowHeight: systemInfo.windowHeight,
      statusBarHeight: systemInfo.statusBarHeight,
      safeArea: systemInfo.safeArea,
      screenTop: 0,
    }),
    getDeviceInfo: () => ({ brand: systemInfo.brand, model: systemInfo.model, system: systemInfo.system, platform: systemInfo.platform, benchmarkLevel: 1 }),
    getAppBaseInfo: () => ({ SDKVersion: systemInfo.SDKVersion, language: 'zh_CN', version: systemInfo.version, theme: 'light', fontSizeSetting: 16, enableDebug: false }),
    getSystemSetting: () => ({ locationEnabled: true, wifiEnabled: true, bluetoothEnabled: false, deviceOrientation: 'portrait' }),
    getAppAuthorizeSetting: () => ({ locationAuthorized: 'authorized' }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 381, bottom: 83, left: 294 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => ({ path: 'pages/home/index', scene: 1001, query: {}, referrerInfo: {} }),
    getEnterOptionsSync: () => ({ path: 'pages/home/index', scene: 1001, query: {}, referrerInfo: {} }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getUpdateManager: () => ({ onCheckForUpdate: () => undefined, onUpdateReady: () => undefined, onUpdateFailed: () => undefined, applyUpdate: () => undefined }),
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    offAppShow: () => undefined,
    offAppHide: () => undefined,
    onError: () => undefined,
    onUnhandledRejection: () => undefined,
    onNetworkStatusChange: () => undefined,
    onWindowResize: () => undefined,
    offWindowResize: () => undefined,
    onMemoryWarning: () => undefined,
    reportAnalytics: () => undefined,
    createSelectorQuery: () => selectorQueryStub(),
    createIntersectionObserver: () => ({ relativeToViewport: () => ({ observe: () => undefined }), relativeTo: () => ({ observe: () => undefined }), observe: () => undefined, disconnect: () => undefined }),

    // privacy & location & settings
    onNeedPrivacyAuthorization: (cb: Any) => record('onNeedPrivacyAuthorization', [cb]),
    requirePrivacyAuthorize: asyncOk('requirePrivacyAuthorize'),
    getPrivacySetting: asyncOk('getPrivacySetting', () => ({ needAuthorization: false, privacyContractName: '《邻里小程序隐私保护指引》' })),
    openPrivacyContract: asyncOk('openPrivacyContract'),
    getLocation: asyncOk('getLocation', () => ({ latitude: 32.0585, longitude: 118.6272, accuracy: 30, speed: 0, altitude: 0, verticalAccuracy: 0, horizontalAccuracy: 30 })),
    chooseLocation: asyncOk('chooseLocation', () => ({ name: '求雨山公园', address: '南京市浦口区', latitude: 32.0585, longitude: 118.6272 })),
    getSetting: asyncOk('getSetting', () => ({ authSetting: { 'scope.userLocation': true } })),
    openSetting: asyncOk('openSetting', () => ({ authSetting: { 'scope.userLocation': true } })),
    authorize: asyncOk('authorize'),
    chooseMessageFile: asyncOk('chooseMessageFile', () => ({ tempFiles: [] })),
    getFileSystemManager: () => ({ readFileSync: () => '', readFile: asyncOk('readFile', () => ({ data: '' })) }),
    setClipboardData: asyncOk('setClipboardData'),
    makePhoneCall: asyncOk('makePhoneCall'),
    // The user accepts every template asked for (the answer is keyed by template id, like WeChat's).
    requestSubscribeMessage: asyncOk('requestSubscribeMessage', (opts) => Object.fromEntries((opts.tmplIds ?? []).map((id: string) => [id, 'accept']))),

    // navigation
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    switchTab: nav('switchTab'),
    reLaunch: nav('reLaunch'),
    navigateBack: nav('navigateBack'),
    setNavigationBarTitle: asyncOk('setNavigationBarTitle'),
    setNavigationBarColor: asyncOk('setNavigationBarColor'),
    setBackgroundColor: asyncOk('setBackgroundColor'),
    stopPullDownRefresh: asyncOk('stopPullDownRefresh'),
    pageScrollTo: asyncOk('pageScrollTo'),

    // feedback
    showToast: asyncOk('showToast'),
    hideToast: asyncOk('hideToast'),
    showLoading: asyncOk('showLoading'),
    hideLoading: asyncOk('hideLoading'),
    showModal: asyncOk('showModal', () => ({ confirm: true, cancel: false })),
    showActionSheet: asyncOk('showActionSheet', () => ({ tapIndex: 0 })),
    vibrateShort: asyncOk('vibrateShort'),
  };
  g.wx = wx;

  // ---- App / Page / getApp / getCurrentPages / requirePlugin
  let appInstance: Any = null;
  const pageStack: Any[] = [];
  let loading: { route: string; query: Record<string, string> } | null = null;
  g.App = (config: Any) => {
    appInstance = config;
  };
  g.getApp = () => appInstance;
  g.getCurrentPages = () => [...pageStack];
  g.requirePlugin = (name: string) => {
    throw new Error(`requirePlugin(${name}) is not available in the simulator`);
  };
  // simulate runs a page's or component's JS with `require`, which jest caches, and webpack caches the
  // page module as well: loading the same page twice would not call Page()/Component() again. So the
  // first definition per file is kept and replayed on later loads.
  const simulateComponent = g.Component;
  const definitions = new Map<string, { kind: 'page' | 'component'; options: Any }>();
  let runningFile: string | null = null;
  g.Component = (componentOptions: Any) => {
    if (runningFile && !definitions.has(runningFile)) definitions.set(runningFile, { kind: 'component', options: componentOptions });
    return simulateComponent(componentOptions);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulateUtils = require('miniprogram-simulate/src/utils');
  simulateUtils.runJs = (filePath: string) => {
    const key = resolve(filePath);
    const known = definitions.get(key);
    if (known) {
      if (known.kind === 'page') g.Page(known.options);
      else simulateComponent(known.options);
      return;
    }
    runningFile = key;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(filePath);
    } finally {
      runningFile = null;
    }
  };

  g.Page = (pageOptions: Any) => {
    if (runningFile && !definitions.has(runningFile)) definitions.set(runningFile, { kind: 'page', options: pageOptions });
    if (!loading) throw new Error('Page() called while no page is being loaded');
    const { route, query } = loading;
    const methods: Record<string, Any> = {};
    const extra: Record<string, Any> = {};
    for (const [k, v] of Object.entries(pageOptions)) {
      if (k === 'data') continue;
      if (typeof v === 'function') methods[k] = v;
      else extra[k] = v;
    }
    simulateComponent({
      data: pageOptions.data ?? {},
      behaviors: pageOptions.behaviors,
      methods,
      lifetimes: {
        attached(this: Any) {
          Object.assign(this, extra);
          this.route = route;
          this.__route__ = route;
          this.options = query;
          pageStack.push(this);
          this.onLoad?.({ ...query });
          this.onShow?.();
        },
        ready(this: Any) {
          this.onReady?.();
        },
        detached(this: Any) {
          this.onHide?.();
          this.onUnload?.();
          const i = pageStack.indexOf(this);
          if (i >= 0) pageStack.splice(i, 1);
        },
      },
    });
  };

  // ---- the app itself, in the order app.js would require it
  for (const chunk of ['runtime', 'taro', 'vendors', 'common']) {
    const file = join(root, `${chunk}.js`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(file)) require(file);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(root, 'app.js'));
  if (!appInstance) throw new Error('app.js did not call App()');
  const launch = { path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} };
  appInstance.onLaunch?.call(appInstance, launch);
  appInstance.onShow?.call(appInstance, launch);

  const settle = async () => {
    // Wait until no request or timer-driven wx callback is in flight and nothing happened for a while.
    const deadline = Date.now() + 5000;
    await sleep(0);
    while (Date.now() < deadline) {
      await sleep(5);
      if (pending === 0 && Date.now() - lastActivity > 40) break;
    }
    await sleep(20);
  };

  const compilerOptions = { maxBuffer: 64 * 1024 * 1024 };

  const renderPage = async (path: string, query: Record<string, string> = {}): Promise<RenderedPage> => {
    loading = { route: path, query };
    let id: string;
    try {
      id = simulate.load(resolve(root, path), { rootPath: root, compilerOptions });
    } finally {
      loading = null;
    }
    const comp = simulate.render(id);
    const parent = document.createElement('parent-wrapper');
    document.body.appendChild(parent);
    comp.attach(parent); // attached -> onLoad/onShow, ready -> onReady
    // setData is how Taro pushes the React tree into the template: count it as activity.
    const instance = comp.instance;
    if (instance?.setData) {
      const orig = instance.setData;
      instance.setData = (...args: Any[]) => {
        touch();
        return orig.apply(instance, args);
      };
    }
    await settle();

    const findAll = (selector: string): Any[] => findExparser(exparser, comp._exparserNode, selector);
    const find = (selector: string) => findAll(selector)[0] ?? null;
    const must = (selector: string) => {
      const n = find(selector);
      if (!n) throw new Error(`${path}: no element matches ${selector}. Rendered text: ${textOf(comp)}`);
      return n;
    };
    const trigger = async (selector: string, event: string, detail: Record<string, unknown> = {}) => {
      const node = must(selector);
      touch();
      exparser.Event.dispatchEvent(
        node,
        exparser.Event.create(event, detail, {
          bubbles: true,
          composed: true,
          capturePhase: true,
          extraFields: { touches: [], changedTouches: [] },
        }),
      );
      await settle();
    };
    return {
      path,
      comp,
      text: () => textOf(comp),
      find,
      findAll,
      classOf: (selector: string) => classNames(must(selector)).join(' '),
      tap: (selector: string) => trigger(selector, 'tap', { x: 1, y: 1 }),
      trigger,
      settle,
      detach: () => {
        comp.detach();
        parent.remove();
      },
    };
  };

  return {
    root,
    apiCalls,
    wxCalls,
    navigations,
    storage,
    errors,
    warnings,
    api: apiTable,
    renderPage,
    settle,
    callsTo: (name: string) => wxCalls.filter((c) => c.name === name),
  };
}

export function findHandler(table: Record<string, ApiHandler>, method: string, path: string): ApiHandler | undefined {
  const exact = table[`${method} ${path}`];
  if (exact) return exact;
  for (const [key, handler] of Object.entries(table)) {
    const [m, p] = key.split(' ');
    if (m !== method || !p.includes(':')) continue;
    const re = new RegExp(`^${p.replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
    if (re.test(path)) return handler;
  }
  return undefined;
}

function selectorQueryStub(): Any {
  const q: Any = {
    in: () => q,
    select: () => nodesRef,
    selectAll: () => nodesRef,
    selectViewport: () => nodesRef,
    exec: (cb?: (r: Any[]) => void) => setTimeout(() => cb?.([]), 0),
  };
  const nodesRef = {
    boundingClientRect: () => q,
    scrollOffset: () => q,
    fields: () => q,
    node: () => q,
    context: () => q,
  };
  return q;
}

/** Text of the rendered page DOM (nested components included), whitespace collapsed. */
function textOf(comp: Any): string {
  return String(comp.dom.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Class names of an exparser element (virtual nodes have none). */
export function classNames(n: Any): string[] {
  // exparser keeps the names as written (`_rawNames`); getClassNames() has simulate's `main--` prefixes.
  const raw = n?.classList?._rawNames;
  if (!raw) return [];
  return (Array.isArray(raw) ? raw : String(raw).split(/\s+/)).filter(Boolean);
}

/** Walks the exparser tree, descending into custom components' shadow roots (Taro nests `comp`). */
function findExparser(exparser: Any, rootNode: Any, selector: string): Any[] {
  const out: Any[] = [];
  const isId = selector.startsWith('#');
  const name = selector.slice(1);
  const matches = (n: Any) => {
    if (!(n instanceof exparser.Element)) return false;
    if (isId) return n.id === name;
    return classNames(n).includes(name);
  };
  const walk = (n: Any) => {
    if (!n) return;
    if (matches(n)) out.push(n);
    if (n.shadowRoot) walk(n.shadowRoot);
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(rootNode.shadowRoot ?? rootNode);
  return out;
}
