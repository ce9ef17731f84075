#!/usr/bin/env node
// Builds, from one list of Envoy proto files (ENVOY_PROTO_FILES):
//   - core/node/xds/gen/envoy-descriptors.binpb: the binary FileDescriptorSet the xDS server encodes
//     Envoy resources with, written only when its bytes change;
//   - core/common/gen/envoy/: TypeScript declarations (protoc-gen-es, target=dts, json_types=true) of
//     those messages and their proto3 JSON forms, so code that builds or reads Envoy JSON is type-checked.
// Input: the Envoy, xDS, googleapis and protoc-gen-validate protos shipped inside @grpc/grpc-js-xds
// (node_modules/@grpc/grpc-js-xds/deps); nothing is copied into the repository. Both outputs come from
// the same buf image, built without source info, so they are stable and carry no proto comments.
//
// Usage: node scripts/generate-envoy.mjs [--out <file>] [--types-out <dir>] [--check]
//   --check  exit 1 when a committed output differs from a fresh build (writes nothing).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Envoy proto files compiled into both outputs (their imports come along): discovery messages,
 * the xDS resources, and the typed_config extensions the translator emits or will emit.
 */
export const ENVOY_PROTO_FILES = [
  // Discovery service and messages.
  'envoy/service/discovery/v3/ads.proto',
  'envoy/service/discovery/v3/discovery.proto',
  // xDS resources (LDS, RDS, CDS, EDS, SDS); cluster.proto brings load balancing, health checks, circuit breakers and outlier detection.
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/cluster/v3/circuit_breaker.proto',
  'envoy/config/cluster/v3/outlier_detection.proto',
  'envoy/config/core/v3/health_check.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/transport_sockets/tls/v3/secret.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  // Network filters.
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto',
  'envoy/extensions/filters/network/sni_cluster/v3/sni_cluster.proto',
  'envoy/extensions/filters/network/connection_limit/v3/connection_limit.proto',
  // HTTP filters.
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/filters/http/cors/v3/cors.proto',
  'envoy/extensions/filters/http/compressor/v3/compressor.proto',
  'envoy/extensions/filters/http/health_check/v3/health_check.proto',
  'envoy/extensions/filters/http/ext_authz/v3/ext_authz.proto',
  'envoy/extensions/filters/http/jwt_authn/v3/config.proto',
  'envoy/extensions/filters/http/rbac/v3/rbac.proto',
  'envoy/config/rbac/v3/rbac.proto',
  'envoy/extensions/filters/http/ratelimit/v3/rate_limit.proto',
  'envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto',
  'envoy/extensions/filters/network/local_ratelimit/v3/local_rate_limit.proto',
  'envoy/extensions/filters/http/csrf/v3/csrf.proto',
  'envoy/extensions/filters/http/buffer/v3/buffer.proto',
  'envoy/extensions/filters/http/grpc_web/v3/grpc_web.proto',
  'envoy/extensions/filters/http/grpc_json_transcoder/v3/transcoder.proto',
  'envoy/extensions/filters/http/dynamic_forward_proxy/v3/dynamic_forward_proxy.proto',
  'envoy/extensions/filters/http/header_to_metadata/v3/header_to_metadata.proto',
  'envoy/extensions/filters/http/aws_lambda/v3/aws_lambda.proto',
  // Listener filters.
  'envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto',
  'envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol.proto',
  'envoy/extensions/filters/listener/original_dst/v3/original_dst.proto',
  // Access loggers and compression.
  'envoy/extensions/access_loggers/file/v3/file.proto',
  'envoy/extensions/access_loggers/grpc/v3/als.proto',
  'envoy/extensions/compression/gzip/compressor/v3/gzip.proto',
  'envoy/extensions/formatter/req_without_query/v3/req_without_query.proto',
  'envoy/extensions/formatter/metadata/v3/metadata.proto',
  // Connection manager extensions: tracers, request IDs, header case.
  'envoy/config/trace/v3/zipkin.proto',
  'envoy/config/trace/v3/datadog.proto',
  'envoy/config/trace/v3/opentelemetry.proto',
  'envoy/extensions/request_id/uuid/v3/uuid.proto',
  'envoy/extensions/http/header_formatters/preserve_case/v3/preserve_case.proto',
  // Cluster extensions and upstream options.
  'envoy/extensions/clusters/dynamic_forward_proxy/v3/cluster.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
  // Route extensions.
  'envoy/extensions/retry/priority/previous_priorities/v3/previous_priorities_config.proto',
];

/** Default outputs, relative to the repository root. */
export const DEFAULT_OUT = 'core/node/xds/gen/envoy-descriptors.binpb';
export const DEFAULT_TYPES_OUT = 'core/common/gen/envoy';

/** buf workspace: the three proto roots of the npm package (symlinked) plus the validate annotations (see patchedValidateProto). */
const BUF_CONFIG = JSON.stringify({
  version: 'v2',
  modules: [{ path: 'envoy-api' }, { path: 'xds' }, { path: 'googleapis' }, { path: 'pgv' }],
});

/** Suffix protoc-gen-es gives a declaration file generated from `x.proto`. */
const DTS_SUFFIX = '_pb.d.ts';

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
  const dir = mkdtempSync(join(tmpdir(), 'envoy-gen-'));
  for (const root of ['envoy-api', 'xds', 'googleapis']) symlinkSync(join(deps, root), join(dir, root), 'dir');
  mkdirSync(join(dir, 'pgv/validate'), { recursive: true });
  writeFileSync(join(dir, 'pgv/validate/validate.proto'), patchedValidateProto(deps));
  return dir;
}

/** The deps directory of @grpc/grpc-js-xds, which holds the Envoy protos. */
export function envoyProtoRoot() {
  return join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
}

/** Runs buf (through node, so no executable bit is needed); throws with its stderr on failure. */
function runBuf(args, cwd) {
  const run = spawnSync(process.execPath, [require.resolve('@bufbuild/buf/bin/buf'), ...args], { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`buf ${args[0]} failed (${run.status}): ${run.stderr || run.error}`);
}

/** Every file under dir, as paths relative to it, sorted. */
function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)));
  }
  return out.sort();
}

/**
 * The generated declaration files the listed protos need: each listed file and, transitively, every
 * file it imports types from. Files only imported for their options (validate, udpa and xds
 * annotations) declare nothing the JSON types use, so they are left out.
 */
function importClosure(files) {
  const keep = new Set();
  const stack = ENVOY_PROTO_FILES.map((f) => f.replace(/\.proto$/, DTS_SUFFIX));
  while (stack.length > 0) {
    const file = stack.pop();
    if (keep.has(file)) continue;
    const text = files.get(file);
    if (text === undefined) throw new Error(`protoc-gen-es did not generate ${file}`);
    keep.add(file);
    for (const m of text.matchAll(/ from "(\.{1,2}\/[^"]+)";/g)) stack.push(join(dirname(file), m[1]) + '.d.ts');
  }
  return new Map([...files].filter(([f]) => keep.has(f)));
}

/** Runs protoc-gen-es over the image and returns the declaration files the listed protos need, by relative path. */
function generateTypes(dir, image) {
  const out = join(dir, 'ts');
  const plugin = require.resolve('@bufbuild/protoc-gen-es/bin/protoc-gen-es');
  const template = JSON.stringify({
    version: 'v2',
    plugins: [{ local: [process.execPath, plugin], out, opt: ['target=dts', 'json_types=true'], include_imports: true }],
  });
  runBuf(['generate', image, '--template', template], dir);
  return importClosure(new Map(listFiles(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])));
}

/**
 * Builds the image (a FileDescriptorSet, without source info so the output is stable) and the
 * TypeScript declarations generated from it.
 * @returns {{ descriptorSet: Buffer, types: Map<string, string> }}
 */
export function buildEnvoyOutputs() {
  const deps = envoyProtoRoot();
  const dir = makeWorkspace(deps);
  const image = join(dir, 'out.binpb');
  try {
    const paths = ENVOY_PROTO_FILES.flatMap((f) => ['--path', join('envoy-api', f)]);
    runBuf(['build', '.', '--config', BUF_CONFIG, '--exclude-source-info', ...paths, '-o', image], dir);
    return { descriptorSet: readFileSync(image), types: generateTypes(dir, image) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `buf build` and returns the FileDescriptorSet bytes. */
export function buildDescriptorSet() {
  return buildEnvoyOutputs().descriptorSet;
}

/** Whether the directory holds exactly these files with these contents. */
function sameTree(dir, files) {
  const current = listFiles(dir);
  if (current.length !== files.size) return false;
  return current.every((f) => files.get(f) === readFileSync(join(dir, f), 'utf8'));
}

/** Replaces the directory's content with the files. */
function writeTree(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

function argValue(argv, flag, fallback) {
  const i = argv.indexOf(flag);
  return resolve(repoRoot, i >= 0 ? argv[i + 1] : fallback);
}

function main(argv) {
  const target = argValue(argv, '--out', DEFAULT_OUT);
  const typesDir = argValue(argv, '--types-out', DEFAULT_TYPES_OUT);
  const { descriptorSet, types } = buildEnvoyOutputs();
  const current = existsSync(target) ? readFileSync(target) : undefined;
  const sameSet = current !== undefined && Buffer.compare(current, descriptorSet) === 0;
  const sameTypes = sameTree(typesDir, types);
  if (argv.includes('--check')) {
    for (const [path, same] of [[target, sameSet], [typesDir, sameTypes]]) {
      console.log(same ? `${path} is up to date` : `${path} is stale; run node scripts/generate-envoy.mjs`);
    }
    process.exitCode = sameSet && sameTypes ? 0 : 1;
    return;
  }
  if (!sameSet) writeFileSync(target, descriptorSet);
  if (!sameTypes) writeTree(typesDir, types);
  const bytes = [...types.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  console.log(`${sameSet ? 'unchanged' : 'wrote'} ${target} (${descriptorSet.length} bytes)`);
  console.log(`${sameTypes ? 'unchanged' : 'wrote'} ${typesDir} (${types.size} files, ${bytes} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
