/**
 * Where the examples find the reference problems' data: `../shared/reference/` beside the project
 * (posteriordb data files, sbibm observations), or what AMORTIZE_DATA names. The files are never
 * copied into the project; a caller that can do without them gets null and falls back to
 * simulated data.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const referenceRoot = fileURLToPath(new URL('../../shared/reference/', import.meta.url));

/** A posteriordb data file (e.g. 'kidiq.data.json'): AMORTIZE_DATA (a file or a folder) wins. */
export async function posteriordbData(name: string): Promise<Record<string, unknown>> {
  const env = process.env.AMORTIZE_DATA;
  const path = env ? ((await stat(env)).isDirectory() ? `${env}/${name}` : env) : `${referenceRoot}posteriordb/${name}`;
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Observation `obs` (1–10) of an sbibm task as numbers, or null when the reference is absent. */
export async function sbibmObservation(task: string, obs = 1): Promise<number[] | null> {
  try {
    const text = await readFile(`${referenceRoot}sbibm/${task}/obs${obs}/observation.csv`, 'utf8');
    return text.trim().split(/\r?\n/)[1]!.split(',').map(Number);
  } catch {
    return null;
  }
}
