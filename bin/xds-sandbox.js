#!/usr/bin/env node
// Entry point of the `xds-sandbox` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/node/cli/main.ts');
process.exitCode = await main(process.argv);
