#!/usr/bin/env node
// The `amortize` command: registers tsx's ESM loader so the TypeScript sources (and users'
// .ts model files) load without a build step, then runs the CLI entry.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
