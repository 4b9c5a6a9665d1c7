/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.jpg';
declare module '*.svg';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
    /** Mini-program appid for this mode (.env.<mode>). */
    TARO_APP_ID?: string;
    /** API origin without /api. Empty: same origin in H5, http://localhost:7001 in weapp. */
    TARO_APP_API_BASE?: string;
  }
}
