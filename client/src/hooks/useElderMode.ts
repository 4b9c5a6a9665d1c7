import { useCallback, useEffect, useState } from 'react';
import { elderModeStore } from '../stores/settings';

/** Elder mode flag plus a setter; every page re-renders when it changes. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(elderModeStore.get());
  useEffect(() => {
    setOn(elderModeStore.get());
    return elderModeStore.subscribe(setOn);
  }, []);
  const set = useCallback((next: boolean) => elderModeStore.set(next), []);
  return [on, set];
}
