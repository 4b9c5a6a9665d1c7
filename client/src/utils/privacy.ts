import Taro from '@tarojs/taro';
import { IS_WEAPP } from '../constants/env';

type Resolve = Parameters<Parameters<typeof Taro.onNeedPrivacyAuthorization>[0]>[0];

/**
 * WeChat privacy authorisation (WECHAT.md §7). When a privacy API or component (getLocation,
 * chooseLocation, chooseAvatar, nickname input, getPhoneNumber) is used before the user agreed,
 * WeChat holds it and calls our listener; PrivacyPopup shows the agreement and resolves it.
 */
let pending: Resolve | null = null;
const listeners = new Set<(open: boolean) => void>();
let installed = false;

function notify() {
  listeners.forEach((l) => l(pending !== null));
}

/** Installs the listener once, at launch (mini-program only). */
export function setupPrivacy(): void {
  if (!IS_WEAPP || installed) return;
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return; // base library < 2.32.3
  installed = true;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve;
    notify();
  });
}

export function subscribePrivacy(listener: (open: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isPrivacyPending(): boolean {
  return pending !== null;
}

/** Tells WeChat the pop-up was shown. */
export function privacyExposed(): void {
  pending?.({ event: 'exposureAuthorization' });
}

/** The user tapped the agree button (whose id WeChat checks). */
export function privacyAgreed(buttonId: string): void {
  pending?.({ event: 'agree', buttonId });
  pending = null;
  notify();
}

/** The user declined: the held API fails with "privacy permission is not authorized". */
export function privacyDeclined(): void {
  pending?.({ event: 'disagree' });
  pending = null;
  notify();
}

/** Did a WeChat API fail because the user declined the privacy agreement? */
export function isPrivacyDenied(err: unknown): boolean {
  const msg = (err as { errMsg?: string } | null)?.errMsg ?? '';
  return /privacy/i.test(msg);
}
