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
  try { await fs.lstat(p); return true; } catch { return false; }
}

function tag(): string {
  return `${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
}

/** Write `files` as the complete content of directory `dir`, atomically (see above). */
export async function writeDirAtomic(dir: string, files: FileToWrite[], hooks: AtomicWriteHooks = {}): Promise<void> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  await fs.mkdir(parent, { recursive: true });
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
  if (await exists(target)) {
    const st = await fs.lstat(target);
    if (!st.isDirectory()) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw new Error(`cannot save to ${target}: it exists and is not a directory`);
    }
    const old = path.join(parent, `.${base}.old-${tag()}`);
    await fs.rename(target, old);
    hooks.onStage?.('old-moved'); // a throw here is a crash: no cleanup, recovery is the loader's job
    await fs.rename(tmp, target);
    await fsyncDir(parent);
    await fs.rm(old, { recursive: true, force: true });
  } else {
    await fs.rename(tmp, target);
    await fsyncDir(parent);
  }
  // The new save is in place: copies left by an earlier crash (between the renames) are obsolete,
  // and so are temporary directories of writers that died (their pid is in the name).
  for (const n of await fs.readdir(parent)) {
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
