/** Rewrites the distribution table in docs/language.md from the registry (src/runtime/distributions). */
import { readFileSync, writeFileSync } from 'node:fs';
import { withDistributionTable } from '../src/runtime/distributions/table.js';

const path = new URL('../docs/language.md', import.meta.url);
writeFileSync(path, withDistributionTable(readFileSync(path, 'utf8')));
