import type { UnitTreeNode } from '@linli/shared';
import { call } from './request';

/**
 * Children of `rootId` (top-level units when absent), each with `depth - 1` further levels.
 * Accepts either answer shape of GET /units/tree?rootId: the root wrapped in an array, or its
 * children directly.
 */
export async function fetchUnitChildren(rootId?: number, depth = 1): Promise<UnitTreeNode[]> {
  if (rootId === undefined) return call('unitTree', { query: { depth } });
  const nodes = await call('unitTree', { query: { rootId, depth } });
  if (nodes.length === 1 && nodes[0].id === rootId) return nodes[0].children ?? [];
  return nodes.filter((n) => n.id !== rootId);
}

export const fetchUnit = (id: number) => call('unitDetail', { params: { id } });

export const locate = (lng: number, lat: number) => call('locate', { query: { lng, lat } });
