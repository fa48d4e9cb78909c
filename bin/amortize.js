#!/usr/bin/env node
// The `amortize` command. Installed from npm it runs the compiled CLI (dist/); in a checkout of the
// repository (src/ present, no build) it registers tsx's ESM loader and runs the TypeScript sources,
// so the development loop needs no build step.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/src/cli/main.js');
}
