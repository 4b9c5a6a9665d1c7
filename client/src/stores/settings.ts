import type { LocateResponse } from '@linli/shared';
import { createStore } from '../utils/storage';

/** Elder mode (适老化): larger text and tap targets on every page. Kept on this device only. */
export const elderModeStore = createStore<boolean>('linli.elderMode', false);

/**
 * The last place the user looked up on the locate page, so home can show "your grid" without asking
 * for location at launch. Kept on this device only; cleared on logout and account deletion.
 */
export interface LastPlace {
  result: LocateResponse;
  lng: number;
  lat: number;
  at: string;
}
export const lastPlaceStore = createStore<LastPlace | null>('linli.lastPlace', null);
