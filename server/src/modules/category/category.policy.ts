import { pathCodes, Role, RoleGrant } from '@linli/shared';

/**
 * Who edits the catalogue: pure rules over the caller's grants. The catalogue is one per deployment
 * (one district), so only admins of a top-level unit may change it; any admin may read the admin list.
 */

/** Does the caller hold an admin grant anywhere? (reads the admin list and the history) */
export function isAdmin(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === Role.Admin);
}

/** The top-level (district) unit path the caller administers, or null: the one that may edit the catalogue. */
export function catalogueEditorPath(grants: readonly RoleGrant[]): string | null {
  const g = grants.find((x) => x.role === Role.Admin && x.unitPath && pathCodes(x.unitPath).length === 1);
  return g?.unitPath ?? null;
}

/** May the caller create and edit categories? */
export function canEditCatalogue(grants: readonly RoleGrant[]): boolean {
  return catalogueEditorPath(grants) !== null;
}
