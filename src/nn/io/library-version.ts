/**
 * The library version recorded in saves, read from package.json next to the sources (Node only;
 * 'unknown' where it cannot be read, e.g. in a bundle — the in-memory layer takes it as a parameter).
 */
import { readFileSync } from 'node:fs';

let cachedVersion: string | null = null;

export function libraryVersion(): string {
  if (cachedVersion !== null) return cachedVersion;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    cachedVersion = 'unknown';
  }
  return cachedVersion;
}
