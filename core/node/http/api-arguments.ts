// The arguments each EngineApi method takes over `POST /api/<method>`, checked before the call so a
// wrong type is a 400 that says which argument is wrong, never a TypeError inside the engine (500).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ENGINE_METHODS } from '../../common/api/contract';
import { KIND_NAMES } from '../../common/model/kinds';
import { GITOPS_SIGNATURES } from '../gitops/gitops-arguments';

/** An EngineApi method name. */
export type EngineMethod = (typeof ENGINE_METHODS)[number];

/** Kubernetes' limit on an object name or namespace (a DNS subdomain, RFC 1123). */
export const MAX_NAME_LENGTH = 253;

interface Param {
  readonly name: string;
  readonly optional?: boolean;
  readonly schema: object;
}

const NAME = { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH };

/** An ObjectKey; other fields (a whole ResourceView may be passed as a key) are ignored. */
const OBJECT_KEY = {
  type: 'object',
  required: ['kind', 'namespace', 'name'],
  properties: { kind: { enum: KIND_NAMES }, namespace: NAME, name: NAME },
};

const STRINGS = { type: 'object', additionalProperties: { type: 'string' } };

/** A RouteRequest (core/common/route/request.ts SimulatedRequest plus the proxy). */
const ROUTE_REQUEST = {
  type: 'object',
  required: ['path'],
  properties: {
    path: { type: 'string' },
    host: { type: 'string' },
    method: { type: 'string' },
    headers: STRINGS,
    query: STRINGS,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    tls: { type: 'boolean' },
    proxy: { type: 'string' },
  },
};

/** Every method's parameters, in order; a method added to the contract without an entry here does not compile. */
const SIGNATURES = {
  info: [],
  listResources: [],
  getResource: [{ name: 'key', schema: OBJECT_KEY }],
  saveYaml: [{ name: 'yaml', schema: { type: 'string' } }],
  deleteResource: [{ name: 'key', schema: OBJECT_KEY }],
  getXds: [],
  simulateRoute: [{ name: 'req', schema: ROUTE_REQUEST }],
  listPasses: [{ name: 'limit', optional: true, schema: { type: 'integer', minimum: 1 } }],
  getPass: [{ name: 'id', schema: { type: 'integer', minimum: 0 } }],
  listNodes: [],
  envoy: [],
  setPaused: [{ name: 'paused', schema: { type: 'boolean' } }],
  step: [],
  teaching: [],
  stepStage: [],
  startBuiltinClient: [],
  stopBuiltinClient: [],
  discovery: [],
  adoptUpstream: [{ name: 'key', schema: OBJECT_KEY }],
  ...GITOPS_SIGNATURES,
} satisfies Record<EngineMethod, readonly Param[]>;

const ajv = new Ajv({ allErrors: false, strict: true });
const validators = new Map<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let fn = validators.get(schema);
  if (!fn) validators.set(schema, (fn = ajv.compile(schema)));
  return fn;
}

/**
 * The arguments to call `method` with (a JSON null for an optional parameter becomes undefined), or a
 * sentence saying which argument is wrong and why.
 */
export function checkArguments(method: EngineMethod, args: readonly unknown[]): { args: unknown[] } | { problem: string } {
  const params: readonly Param[] = SIGNATURES[method];
  const signature = `${method}(${params.map((p) => p.name + (p.optional ? '?' : '')).join(', ')})`;
  const required = params.filter((p) => !p.optional).length;
  if (args.length < required || args.length > params.length) {
    const expected = required === params.length ? `${required}` : `${required} to ${params.length}`;
    return { problem: `${signature} takes ${expected} argument${params.length === 1 ? '' : 's'}, got ${args.length}` };
  }
  const out: unknown[] = [];
  for (const [i, param] of params.entries()) {
    const value = param.optional && args[i] === null ? undefined : args[i];
    if (value === undefined && (param.optional || i >= args.length)) continue;
    const validate = validatorOf(param.schema);
    if (!validate(value)) return { problem: `${signature}: ${describe(param.name, validate.errors?.[0])}` };
    out[i] = value;
  }
  return { args: out };
}

function describe(name: string, error: ErrorObject | undefined): string {
  if (!error) return `${name} is not valid`;
  const where = name + error.instancePath.replace(/\//g, '.');
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'required') return `${where} lacks ${String(error.params.missingProperty)}`;
  return `${where} ${error.message ?? 'is not valid'}`;
}
