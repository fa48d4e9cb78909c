/** docs/language.md's distribution table is the one rendered from the registry (regenerate with tools/distribution-table.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distributions } from '../../../src/runtime/distributions/index.js';
import { withDistributionTable } from '../../../src/runtime/distributions/table.js';

describe('docs/language.md distribution table', () => {
  const doc = readFileSync(new URL('../../../docs/language.md', import.meta.url), 'utf8');
  it('is current with the registry', () => {
    expect(doc).toBe(withDistributionTable(doc));
  });
  it('lists every distribution with its Stan argument names', () => {
    for (const d of Object.values(distributions)) expect(doc).toContain(`\`${d.name}(${d.args.map((a) => a.name).join(', ')})\``);
  });
});
