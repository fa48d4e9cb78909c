/**
 * Atomic replacement of a directory: a crash (or an exception) at any point leaves either the
 * previous save or the new one, never a mixture.
 *
 * 1. write every file into a temporary sibling directory `.NAME.tmp-…` (same parent, so the renames
 *    below stay on one file system), fsync each file and the directory;
 * 2. if NAME exists: rename it to `.NAME.old-…`; rename the temporary directory to NAME; fsync the
 *    parent; delete the old one.
 * Linux cannot rename a directory over a non-empty one, hence the two renames. A crash between
 * them leaves no NAME but an intact `.NAME.old-…`, which `resolveSavedDir` finds.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export type SaveStage = 'partial-write' | 'files-written' | 'old-moved';

export interface AtomicWriteHooks {
  /** Called at each stage; throwing simulates a crash there (tests). After 'old-moved' nothing is cleaned up, as after a real crash. */
  onStage?: (stage: SaveStage) => void;
}

export interface FileToWrite {
  name: string;
  data: Uint8Array | string;
}

async function writeFileSynced(file: string, data: Uint8Array | string, hooks: AtomicWriteHooks): Promise<void> {
  const h = await fs.open(file, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const half = Math.floor(bytes.length / 2);
    await h.write(bytes, 0, half, 0);
    hooks.onStage?.('partial-write');
    await h.write(bytes, half, bytes.length - half, half);
    await h.sync();
  } finally {
    await h.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try { await h.sync(); } catch { /* some file systems refuse fsync on directories */ } finally { await h.close(); }
}

async function exists(p: string): Promise<boolean> {
  return (await lstatOrNull(p)) !== null;
}

function tag(): string {
  return `${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
}

/** A save that the operating system refused, with what to do about it. `code` is the OS error code. */
export class SaveError extends Error {
  override readonly name = 'SaveError';
  constructor(readonly target: string, readonly code: string, message: string) {
    super(message);
  }
}

function errno(e: unknown): string {
  return typeof (e as NodeJS.ErrnoException)?.code === 'string' ? (e as NodeJS.ErrnoException).code! : '';
}

/** An OS error during a save, as a SaveError saying what to do; other errors unchanged. */
export function saveErrorFor(target: string, e: unknown): unknown {
  const code = errno(e);
  const at = `cannot save to ${target}`;
  const advice: Record<string, string> = {
    EROFS: `${at}: the file system is read-only; save to a writable folder (e.g. under your home directory or the current project)`,
    ENOSPC: `${at}: no space left on the device; free some space or save to another disk (the previous save, if any, is untouched)`,
    EDQUOT: `${at}: your disk quota is exhausted; free some space or save elsewhere (the previous save, if any, is untouched)`,
    EACCES: `${at}: permission denied; choose a folder you can write to, or fix its permissions`,
    EPERM: `${at}: operation not permitted; choose a folder you can write to, or fix its permissions`,
    EEXIST: `${at}: a file (not a save folder) is in the way; choose another path or remove that file`,
    ENOTDIR: `${at}: a part of the path is a file, not a folder; choose another path`,
    ENAMETOOLONG: `${at}: the path is too long; choose a shorter one`,
    EMFILE: `${at}: too many open files in this process; close some or raise the limit (ulimit -n)`,
  };
  const msg = Object.prototype.hasOwnProperty.call(advice, code) ? advice[code] : undefined;
  return msg === undefined ? e : new SaveError(target, code, `${msg} [${code}]`);
}

/**
 * Write `files` as the complete content of directory `dir`, atomically (see above). Concurrent
 * writers to one `dir` (in one process or several) resolve as last-writer-wins: each retries the
 * two renames until its own directory is in place, so none fails and none leaves a folder behind.
 * OS errors become a SaveError that says what to do.
 */
export async function writeDirAtomic(dir: string, files: FileToWrite[], hooks: AtomicWriteHooks = {}): Promise<void> {
  const target = path.resolve(dir);
  try {
    await writeDirAtomicRaw(target, files, hooks);
  } catch (e) {
    throw saveErrorFor(target, e);
  }
}

async function writeDirAtomicRaw(target: string, files: FileToWrite[], hooks: AtomicWriteHooks): Promise<void> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  await fs.mkdir(parent, { recursive: true });
  const st0 = await lstatOrNull(target);
  if (st0 !== null && !st0.isDirectory()) {
    throw Object.assign(new Error(`${target} exists and is not a directory`), { code: 'EEXIST' });
  }
  const tmp = path.join(parent, `.${base}.tmp-${tag()}`);
  await fs.mkdir(tmp);
  try {
    for (const f of files) await writeFileSynced(path.join(tmp, f.name), f.data, hooks);
    await fsyncDir(tmp);
    hooks.onStage?.('files-written');
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  let moved = false;
  for (let attempt = 0; ; attempt++) {
    const st = await lstatOrNull(target);
    if (st !== null) {
      if (!st.isDirectory()) {
        await fs.rm(tmp, { recursive: true, force: true });
        throw Object.assign(new Error(`${target} exists and is not a directory`), { code: 'EEXIST' });
      }
      const old = path.join(parent, `.${base}.old-${tag()}`);
      let renamed = false;
      try {
        await fs.rename(target, old);
        renamed = true;
      } catch (e) {
        if (errno(e) !== 'ENOENT') { await fs.rm(tmp, { recursive: true, force: true }); throw e; } // ENOENT: another writer moved it first
      }
      if (renamed && !moved) { moved = true; hooks.onStage?.('old-moved'); } // a throw here is a crash: no cleanup, recovery is the loader's job
    }
    try {
      await fs.rename(tmp, target);
      break;
    } catch (e) {
      // Another writer put its save in place between our renames: move it aside too and retry.
      const c = errno(e);
      if ((c === 'ENOTEMPTY' || c === 'EEXIST') && attempt < 1000) continue;
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  await fsyncDir(parent);
  // The new save is in place: copies left by an earlier crash (between the renames) or by the
  // renames above are obsolete, and so are temporary directories of writers that died (their pid
  // is in the name).
  await cleanStale(parent, base);
}

async function lstatOrNull(p: string): Promise<import('node:fs').Stats | null> {
  try { return await fs.lstat(p); } catch { return null; }
}

/** Delete `.NAME.old-…` copies and `.NAME.tmp-…` folders whose writer process is gone. */
export async function cleanStale(parent: string, base: string): Promise<void> {
  let names: string[];
  try { names = await fs.readdir(parent); } catch { return; }
  for (const n of names) {
    const stale = n.startsWith(`.${base}.old-`) ||
      (n.startsWith(`.${base}.tmp-`) && !processAlive(Number(n.slice(`.${base}.tmp-`.length).split('-')[0])));
    if (stale) await fs.rm(path.join(parent, n), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The directory to read for a save at `dir`: `dir` itself, or — after a crash between the two
 * renames — the newest intact `.NAME.old-…` sibling that contains `requiredFile`. Null if none.
 */
export async function resolveSavedDir(dir: string, requiredFile: string): Promise<string | null> {
  const target = path.resolve(dir);
  if (await exists(path.join(target, requiredFile))) return target;
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.old-`;
  let names: string[];
  try { names = await fs.readdir(parent); } catch { return null; }
  const candidates: { p: string; mtime: number }[] = [];
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const p = path.join(parent, n);
    if (await exists(path.join(p, requiredFile))) candidates.push({ p, mtime: (await fs.stat(p)).mtimeMs });
  }
  candidates.sort((a, b) => b.mtime - a.mtime);
  return candidates[0]?.p ?? null;
}
