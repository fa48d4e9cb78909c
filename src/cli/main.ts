/**
 * Process entry of the `amortize` command (bin/amortize.js loads it through tsx; `npm run demo`
 * runs it with tsx directly). Everything else lives in runCli.
 */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
