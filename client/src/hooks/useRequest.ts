import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/request';

export interface RequestState<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | null;
  /** True after a successful load whose result is empty (see `isEmpty`). */
  empty: boolean;
  reload: () => Promise<void>;
  setData: (data: T) => void;
}

export interface RequestOptions<T> {
  /** Skip loading while false (e.g. not logged in yet). */
  enabled?: boolean;
  /** Reload each time the page is shown again (after coming back from a sub-page). */
  refreshOnShow?: boolean;
  isEmpty?: (data: T) => boolean;
}

const defaultIsEmpty = (data: unknown) => Array.isArray(data) && data.length === 0;

/**
 * Loads data for a page with loading / error / empty states. `deps` re-trigger the load; stale
 * answers (from an earlier dependency value) are dropped.
 */
export function useRequest<T>(fetcher: () => Promise<T>, deps: unknown[], options: RequestOptions<T> = {}): RequestState<T> {
  const { enabled = true, refreshOnShow = false, isEmpty = defaultIsEmpty } = options;
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const shownOnce = useRef(false);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const result = await fetcherRef.current();
      if (mine === seq.current) setData(result);
    } catch (e) {
      if (mine === seq.current) {
        setError(e instanceof ApiError ? e : new ApiError({ code: 'BAD_RESPONSE', status: 0, message: '出了点问题，请稍后再试' }));
      }
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      seq.current++;
      setLoading(false);
      return;
    }
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);

  useDidShow(() => {
    // The first show comes with the mount, which already loads.
    if (!shownOnce.current) {
      shownOnce.current = true;
      return;
    }
    if (refreshOnShow && enabled) void load();
  });

  return {
    data,
    loading,
    error,
    empty: !loading && !error && data !== undefined && isEmpty(data),
    reload: load,
    setData,
  };
}
