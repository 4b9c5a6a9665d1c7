/**
 * The official WeChat compilers shipped by `miniprogram-compiler` (Linux/macOS/Windows binaries):
 * wcc for WXML/WXS, wcsc for WXSS. Both stop at the first error, so to report every broken file this
 * module compiles each file on its own together with the files it imports.
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, readFileSync, statSync } from 'fs';
import { dirname, join, posix } from 'path';
import { WEAPP_DIR } from './weapp';

const PKG_DIR = dirname(require.resolve('miniprogram-compiler/package.json'));
const PLATFORM_DIR = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux';
const EXE = process.platform === 'win32' ? '.exe' : '';
export const WCC = join(PKG_DIR, 'bin', PLATFORM_DIR, `wcc${EXE}`);
export const WCSC = join(PKG_DIR, 'bin', PLATFORM_DIR, `wcsc${EXE}`);

/** npm does not always keep the executable bit of bundled binaries: restore it. */
export function ensureExecutable(): void {
  for (const bin of [WCC, WCSC]) {
    if (!existsSync(bin)) throw new Error(`missing compiler binary ${bin} (is miniprogram-compiler installed?)`);
    if (process.platform === 'win32') continue;
    const mode = statSync(bin).mode;
    if ((mode & 0o111) !== 0o111) {
      try {
        chmodSync(bin, mode | 0o755);
      } catch (e) {
        throw new Error(`${bin} is not executable and chmod failed: ${(e as Error).message}`);
      }
    }
  }
}

export interface CompileResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[]): CompileResult {
  const r = spawnSync(bin, args, { cwd: WEAPP_DIR, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  if (r.error) throw new Error(`could not run ${bin}: ${r.error.message}`);
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').trim() };
}

/** Resolves `src` of an import relative to the importing file (both relative to WEAPP_DIR). */
function resolveRef(from: string, src: string, ext: string): string {
  const base = src.startsWith('/') ? src.slice(1) : posix.join(posix.dirname(from), src);
  return posix.normalize(base.endsWith(ext) ? base : `${base}${ext}`);
}

/** A WXML file plus every .wxml/.wxs it imports or includes, transitively. */
export function wxmlClosure(file: string): { wxml: string[]; wxs: string[] } {
  const wxml: string[] = [];
  const wxs = new Set<string>();
  const visit = (f: string) => {
    if (wxml.includes(f)) return;
    wxml.push(f);
    const full = join(WEAPP_DIR, f);
    if (!existsSync(full)) return; // wcc reports the missing import itself
    const src = readFileSync(full, 'utf8');
    for (const m of src.matchAll(/<(import|include)\s+[^>]*src\s*=\s*["']([^"']+)["']/g)) visit(resolveRef(f, m[2], '.wxml'));
    for (const m of src.matchAll(/<wxs\s+[^>]*src\s*=\s*["']([^"']+)["']/g)) wxs.add(resolveRef(f, m[1], '.wxs'));
  };
  visit(file);
  return { wxml, wxs: [...wxs] };
}

/** A WXSS file plus every .wxss it @imports, transitively. */
export function wxssClosure(file: string): string[] {
  const out: string[] = [];
  const visit = (f: string) => {
    if (out.includes(f)) return;
    out.push(f);
    const full = join(WEAPP_DIR, f);
    if (!existsSync(full)) return;
    const src = readFileSync(full, 'utf8');
    for (const m of src.matchAll(/@import\s+(?:url\()?\s*["']([^"']+)["']/g)) visit(resolveRef(f, m[1], '.wxss'));
  };
  visit(file);
  return out;
}

/** `wcc -d -cc 0 <wxml...> <wxs...> -gn $gwx`, as miniprogram-compiler's wxmlToJs runs it. */
export function wcc(wxml: string[], wxs: string[] = []): CompileResult {
  return run(WCC, ['-d', '-cc', '0', ...wxml, ...wxs, '-gn', '$gwx']);
}

/** `wcsc -db -pc 0 <files>`, called directly: the package's wxssToJs wrapper swallows errors. */
export function wcsc(files: string[]): CompileResult {
  return run(WCSC, ['-db', '-pc', '0', ...files]);
}

/**
 * One entry per failure, naming the file. The compilers print `file:line:col` (wcc) or
 * `file(line:col)` (wcsc); built files are minified onto few lines, so the source around that
 * position is quoted too.
 */
export function describeFailure(file: string, r: CompileResult): string {
  const msg = (r.stderr || r.stdout.slice(0, 500) || `exit ${r.status}`).replace(/\n\s*\n/g, '\n').trim();
  const pos = /([\w./-]+\.(?:wxml|wxss|wxs))(?::(\d+):(\d+)|\((\d+):(\d+)\))/.exec(msg);
  let excerpt = '';
  if (pos) {
    const full = join(WEAPP_DIR, pos[1]);
    if (existsSync(full)) {
      const line = Number(pos[2] ?? pos[4]);
      const col = Number(pos[3] ?? pos[5]);
      const text = readFileSync(full, 'utf8').split('\n')[line - 1] ?? '';
      const from = Math.max(0, col - 60);
      excerpt = `\n    near: ${from > 0 ? '…' : ''}${text.slice(from, col - 1)} >>>${text.slice(col - 1, col + 40)}`;
    }
  }
  return `${file}: ${msg.replace(/\n/g, '\n    ')}${excerpt}`;
}
