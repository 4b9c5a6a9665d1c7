/**
 * Materialised unit paths: the codes from the top-level unit down to the unit itself, with a leading
 * and a trailing slash (`/320111/320111001/320111001005/`). A subtree is every path with a given prefix.
 */

/** The path of a unit with `code` under a parent at `parentPath` (null for a top-level unit). */
export function childPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}

/** The codes on a path, top-down, including the unit itself. */
export function pathCodes(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The code of the parent on a path, or null for a top-level unit. */
export function parentCodeOfPath(path: string): string | null {
  const codes = pathCodes(path);
  return codes.length >= 2 ? codes[codes.length - 2] : null;
}

/** The longest path that is a prefix of every given path ('/' when they share nothing). */
export function commonPath(paths: readonly string[]): string {
  if (!paths.length) return '/';
  let common = pathCodes(paths[0]);
  for (const p of paths.slice(1)) {
    const codes = pathCodes(p);
    let i = 0;
    while (i < common.length && i < codes.length && common[i] === codes[i]) i++;
    common = common.slice(0, i);
  }
  return common.length ? `/${common.join('/')}/` : '/';
}
