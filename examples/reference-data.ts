/**
 * Where the examples find the reference problems' data: `../shared/reference/` beside the project
 * (posteriordb data files, sbibm observations), or what AMORTIZE_DATA names. The files are never
 * copied into the project; a caller that can do without them gets null and falls back to
 * simulated data.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const referenceRoot = fileURLToPath(new URL('../../shared/reference/', import.meta.url));

/** Whether the posteriordb reference folder is beside the project (tests skip what needs it). */
export const hasPosteriordb = existsSync(`${referenceRoot}posteriordb`);

/** A posteriordb data file (e.g. 'kidiq.data.json'): AMORTIZE_DATA (a file or a folder) wins. */
export async function posteriordbData(name: string): Promise<Record<string, unknown>> {
  const env = process.env.AMORTIZE_DATA;
  const isFolder = env ? await stat(env).then((st) => st.isDirectory(), () => false) : false;
  const path = env ? (isFolder ? `${env}/${name}` : env) : `${referenceRoot}posteriordb/${name}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(
      `the data file ${name} was not found at ${path}: it comes from posteriordb (stan-dev/posteriordb, ` +
        `posterior_database/data/data/${name}.zip); set AMORTIZE_DATA to the file or to the folder that holds it`,
    );
  }
  return JSON.parse(text) as Record<string, unknown>;
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
