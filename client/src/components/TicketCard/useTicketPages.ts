import { useDidShow } from '@tarojs/taro';
import type { Page, TicketSummary } from '@linli/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/request';

export interface TicketPages {
  items: TicketSummary[];
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  hasMore: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  /** Puts a fresher copy of a row in place (after an action). */
  replace: (t: TicketSummary) => void;
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ code: 'BAD_RESPONSE', status: 0, message: '出了点问题，请稍后再试' }));

/**
 * Keyset pages of tickets (my tickets, the staff queues): the first page on load and whenever `deps`
 * change (filters), more with `loadMore`, and a reload when the page is shown again. Answers for older
 * filters are dropped.
 */
export function useTicketPages(fetchPage: (cursor: string | undefined) => Promise<Page<TicketSummary>>, deps: unknown[], enabled = true): TicketPages {
  const [items, setItems] = useState<TicketSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const shown = useRef(false);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(undefined);
      if (mine !== seq.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    const mine = seq.current;
    setLoadingMore(true);
    try {
      const page = await fetchRef.current(cursor);
      if (mine !== seq.current) return;
      // Keyset pages never overlap, but a row that moved since the first page must not show twice.
      setItems((list) => [...list, ...page.items.filter((t) => !list.some((x) => x.id === t.id))]);
      setCursor(page.nextCursor);
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore]);

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);

  useDidShow(() => {
    if (!shown.current) {
      shown.current = true;
      return;
    }
    if (enabled) void reload();
  });

  const replace = useCallback((t: TicketSummary) => setItems((list) => list.map((x) => (x.id === t.id ? t : x))), []);

  return { items, loading, loadingMore, error, hasMore: cursor !== null, reload, loadMore, replace };
}
