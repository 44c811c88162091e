#!/usr/bin/env node
// The `bidseal` command. Loads the TypeScript CLI through tsx so a clean checkout runs it after
// `npm install` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
