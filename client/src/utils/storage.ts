import Taro from '@tarojs/taro';

/** Reads a JSON value from Taro storage; null when absent or unreadable. */
export function readJson<T>(key: string): T | null {
  try {
    const raw = Taro.getStorageSync(key);
    if (raw === '' || raw === undefined || raw === null) return null;
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) Taro.removeStorageSync(key);
    else Taro.setStorageSync(key, JSON.stringify(value));
  } catch {
    // Storage full or unavailable (private mode): the app keeps working with memory state.
  }
}

/** A tiny observable value kept in storage; the base of the session and settings stores. */
export function createStore<T>(key: string, initial: T) {
  let value: T = readJson<T>(key) ?? initial;
  const listeners = new Set<(v: T) => void>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      writeJson(key, next);
      listeners.forEach((l) => l(next));
    },
    subscribe(listener: (v: T) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
