/** Build-time settings. `process.env.TARO_*` is replaced by Taro's DefinePlugin at build time. */
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';
export const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * API origin (no trailing slash, without /api). H5 defaults to the page's own origin so the static
 * build can be served by the API server; the mini-program needs an absolute URL.
 */
export const API_ORIGIN = (process.env.TARO_APP_API_BASE || (IS_WEAPP ? 'http://localhost:7001' : '')).replace(/\/+$/, '');

export const API_BASE = `${API_ORIGIN}/api`;

export const APP_VERSION = '0.1.0';
