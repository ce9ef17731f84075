import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { validatorsByRef } from '../gen/validators';
import { KINDS, SHARED_JSON_SCHEMA, kindInfo } from './kinds';
import { validateFlatObject, validateManifest } from './validate';

const VS = { apiVersion: 'gateway.solo.io/v1', kind: 'VirtualService', metadata: { name: 'a' } };
const SAMPLES: [string, unknown][] = [
  ['valid VirtualService', { ...VS, spec: { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'u' } } } }] } } }],
  ['unknown field', { ...VS, spec: { virtualHost: { domainz: ['*'] } } }],
  ['wrong types', { ...VS, metadata: { name: 7 }, spec: { virtualHost: { domains: 'x', routes: [{ options: { timeout: 5 } }] } } }],
  ['two members of a oneof', { ...VS, spec: { virtualHost: { routes: [{ matchers: [{ prefix: '/', exact: '/x' }] }] } } }],
  ['a bad enum name', { ...VS, spec: { virtualHost: { routes: [{ redirectAction: { responseCode: 'MOVED' } }] } } }],
  ['wrong apiVersion const', { apiVersion: 'gloo.solo.io/v1', kind: 'VirtualService', metadata: { name: 'a' } }],
];

/** Ajv compiling the generated schemas at run time, with x-oneof as a plain validate keyword giving the same message. */
function runtimeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword({
    keyword: 'x-oneof',
    type: 'object',
    errors: true,
    validate: function check(groups: string[][], data: Record<string, unknown>) {
      const errors: Partial<ErrorObject>[] = [];
      for (const group of groups) {
        const found = group.filter((g) => data[g] !== undefined);
        if (found.length > 1) errors.push({ keyword: 'x-oneof', message: `only one of ${group.join(', ')} may be set (found ${found.join(' and ')})`, params: {} });
      }
      (check as { errors?: Partial<ErrorObject>[] }).errors = errors;
      return errors.length === 0;
    },
  });
  ajv.addSchema(SHARED_JSON_SCHEMA as object);
  for (const k of KINDS) ajv.addSchema(k.jsonSchema as object, k.kind);
  return ajv;
}

const strip = (errors: readonly ErrorObject[] | null | undefined) => (errors ?? []).map(({ instancePath, keyword, message }) => ({ instancePath, keyword, message }));

describe('validators compiled by npm run generate', () => {
  it('cover the manifest and the Solo Kit form of every kind', () => {
    for (const k of KINDS) {
      expect(validatorsByRef[k.kind], k.kind).toBeTypeOf('function');
      expect(validatorsByRef[`${k.kind}#/definitions/${k.typeName}`], k.kind).toBeTypeOf('function');
    }
  });

  it('find exactly the errors Ajv finds compiling the schemas at run time', () => {
    const ajv = runtimeAjv();
    const precompiled = validatorsByRef.VirtualService;
    const compiled = ajv.getSchema('VirtualService')!;
    for (const [label, doc] of SAMPLES) {
      expect(precompiled(doc), label).toBe(compiled(doc));
      expect(strip(precompiled.errors), label).toEqual(strip(compiled.errors));
    }
  });

  it('need no eval and no require, so the UI can run them under its Content-Security-Policy', () => {
    const code = readFileSync(new URL('../gen/validators.js', import.meta.url), 'utf8');
    expect(code).not.toMatch(/\brequire\(|new Function|\beval\(/);
  });

  it('report a oneof with two members set, and the flat form of a kind', () => {
    expect(validateManifest(kindInfo('VirtualService'), SAMPLES[3][1]).map((i) => i.message)).toEqual(['spec.virtualHost.routes.0.matchers.0: only one of prefix, exact, regex, connectMatcher may be set (found prefix and exact)']);
    expect(validateFlatObject(kindInfo('Upstream'), { metadata: { name: 'u' }, static: { hosts: [{ addr: 'a', port: 'x' }] } }).map((i) => i.path)).toEqual(['/static/hosts/0/port']);
  });
});
