#!/usr/bin/env node
// Builds the binary FileDescriptorSet the xDS server encodes Envoy resources with.
// Input: the Envoy, xDS, googleapis and protoc-gen-validate protos shipped inside
// @grpc/grpc-js-xds (node_modules/@grpc/grpc-js-xds/deps); nothing is copied into
// the repository. Output: core/node/xds/gen/envoy-descriptors.binpb, written only
// when its bytes change, so regenerating leaves the committed file untouched.
//
// Usage: node scripts/generate-envoy.mjs [--out <file>] [--check]
//   --check  exit 1 when the committed file differs from a fresh build (writes nothing).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Proto files compiled (their imports come along): resources, discovery messages and the typed_config extensions the translator emits. */
export const ENVOY_PROTO_FILES = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/service/discovery/v3/discovery.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/transport_sockets/tls/v3/secret.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/filters/http/cors/v3/cors.proto',
  'envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
];

/** buf workspace: the three proto roots of the npm package (symlinked) plus the validate annotations (see patchedValidateProto). */
const BUF_CONFIG = JSON.stringify({
  version: 'v2',
  modules: [{ path: 'envoy-api' }, { path: 'xds' }, { path: 'googleapis' }, { path: 'pgv' }],
});

/**
 * The validate.proto shipped with @grpc/grpc-js-xds predates the `ignore_empty` rule
 * its Envoy protos use in (validate.rules).string options. protobufjs tolerates that,
 * buf does not, so the temporary workspace gets a copy with that one field added.
 * The annotations only carry validation hints; encoding never reads them.
 */
function patchedValidateProto(deps) {
  const text = readFileSync(join(deps, 'protoc-gen-validate/validate/validate.proto'), 'utf8');
  if (/message StringRules \{[^}]*ignore_empty/.test(text)) return text;
  const patched = text.replace('message StringRules {', 'message StringRules {\n  optional bool ignore_empty = 26;');
  if (patched === text) throw new Error('validate.proto: message StringRules not found');
  return patched;
}

/** A temporary buf workspace over the npm package's protos; returns its directory. */
function makeWorkspace(deps) {
  const dir = mkdtempSync(join(tmpdir(), 'envoy-desc-'));
  for (const root of ['envoy-api', 'xds', 'googleapis']) symlinkSync(join(deps, root), join(dir, root), 'dir');
  mkdirSync(join(dir, 'pgv/validate'), { recursive: true });
  writeFileSync(join(dir, 'pgv/validate/validate.proto'), patchedValidateProto(deps));
  return dir;
}

/** Default output, relative to the repository root. */
export const DEFAULT_OUT = 'core/node/xds/gen/envoy-descriptors.binpb';

/** The deps directory of @grpc/grpc-js-xds, which holds the Envoy protos. */
export function envoyProtoRoot() {
  return join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
}

/** Runs `buf build` and returns the FileDescriptorSet bytes (no source info, so the output is stable). */
export function buildDescriptorSet() {
  const deps = envoyProtoRoot();
  const bufBin = require.resolve('@bufbuild/buf/bin/buf');
  const dir = makeWorkspace(deps);
  const out = join(dir, 'out.binpb');
  try {
    const paths = ENVOY_PROTO_FILES.flatMap((f) => ['--path', join('envoy-api', f)]);
    const args = [bufBin, 'build', '.', '--config', BUF_CONFIG, '--exclude-source-info', ...paths, '-o', out];
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`buf build failed (${run.status}): ${run.stderr || run.error}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv) {
  const outIdx = argv.indexOf('--out');
  const target = resolve(repoRoot, outIdx >= 0 ? argv[outIdx + 1] : DEFAULT_OUT);
  const fresh = buildDescriptorSet();
  const current = existsSync(target) ? readFileSync(target) : undefined;
  const same = current !== undefined && Buffer.compare(current, fresh) === 0;
  if (argv.includes('--check')) {
    console.log(same ? `${target} is up to date` : `${target} is stale; run node scripts/generate-envoy.mjs`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  if (!same) writeFileSync(target, fresh);
  console.log(`${same ? 'unchanged' : 'wrote'} ${target} (${fresh.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
