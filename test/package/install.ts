/**
 * Packs this repository (`npm pack`, whose prepack builds dist/) and installs the tarball into a
 * fresh `npm init -y` project (a default "type": "commonjs" one) under .tmp/package-user/, as a new
 * user would. `npm install --prefer-offline` reuses npm's cache (filled by the repository's own
 * `npm ci`); where even that cannot reach the registry, the dependencies are linked from the
 * repository's node_modules — only the ones the tarball's package.json declares, plus tsx.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

export interface Installed {
  dir: string;
  tarball: string;
  tarballBytes: number;
  /** How the dependencies got there. */
  via: 'npm install' | 'linked';
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

export function packAndInstall(): Installed {
  const root = join(REPO, '.tmp', 'package-user');
  rmSync(root, { recursive: true, force: true });
  const packDir = join(root, 'pack');
  const dir = join(root, 'project');
  mkdirSync(packDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], REPO)) as { filename: string; size: number }[];
  const tarball = join(packDir, packed[0]!.filename);
  run('npm', ['init', '-y'], dir);
  cpSync(join(import.meta.dirname, 'fixtures'), dir, { recursive: true });
  const tsxVersion = (JSON.parse(readFileSync(join(REPO, 'node_modules/tsx/package.json'), 'utf8')) as { version: string }).version;
  let via: Installed['via'] = 'npm install';
  try {
    // AMORTIZE_PACKAGE_LINK=1 takes the offline path directly (to test it, or on a machine without a registry).
    if (process.env['AMORTIZE_PACKAGE_LINK'] === '1') throw new Error('linking asked for');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `tsx@${tsxVersion}`], dir);
  } catch {
    via = 'linked';
    linkFromRepository(tarball, dir);
  }
  return { dir, tarball, tarballBytes: packed[0]!.size, via };
}

/** Offline fallback: unpack the tarball into node_modules and link its declared dependencies. */
function linkFromRepository(tarball: string, dir: string): void {
  const modules = join(dir, 'node_modules');
  const target = join(modules, 'amortize-ppl');
  mkdirSync(target, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], dir);
  const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const wanted = new Set([...Object.keys(pkg.dependencies), 'tsx']);
  // Transitive dependencies are flat in the repository's node_modules: link every package that is
  // not one of ours but keep the declared set as the only direct ones a user file may import.
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '.bin' || entry === 'amortize-ppl' || existsSync(join(modules, entry))) continue;
    if (!wanted.has(entry) && (entry === 'typescript' || entry === 'vitest')) continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  mkdirSync(join(modules, '.bin'), { recursive: true });
  symlinkSync(join(target, 'bin', 'amortize.js'), join(modules, '.bin', 'amortize'));
}
