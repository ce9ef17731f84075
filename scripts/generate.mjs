#!/usr/bin/env node
// `npm run generate`: regenerates everything derived from protos/ (types, kind registry, JSON Schemas, API docs)
// and, from one list of Envoy protos, the descriptor set the xDS server encodes with and Envoy's JSON types. Output is deterministic.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buf = join(root, 'node_modules', '.bin', 'buf');
for (const dir of ['core/common/gen', 'docs/api']) rmSync(join(root, dir), { recursive: true, force: true });
execFileSync(buf, ['generate'], { cwd: join(root, 'protos'), stdio: 'inherit' });
const envoy = join(root, 'scripts', 'generate-envoy.mjs');
if (existsSync(envoy)) execFileSync(process.execPath, [envoy], { cwd: root, stdio: 'inherit' });
