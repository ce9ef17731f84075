import type { ValidateFunction } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { kindInfo } from '../../core/common/model/kinds';
import { validateManifest } from '../../core/common/model/validate';
import { createPrecompiledAjvClass } from '../src/schema/precompiled-ajv-class';
import { KIND_NAMES } from '../../core/common/model/kinds';
import { precompiledValidatorsCode, SCHEMAS_BY_KIND } from './precompiled-validators';

const SAMPLES: [string, unknown][] = [
  ['valid VirtualService', { apiVersion: 'gateway.solo.io/v1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'u' } } } }] } } }],
  ['unknown field', { apiVersion: 'gateway.solo.io/v1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { virtualHost: { domainz: ['*'] } } }],
  ['wrong type', { apiVersion: 'gateway.solo.io/v1', kind: 'VirtualService', metadata: { name: 7 }, spec: { virtualHost: { domains: 'x' } } }],
  ['two members of a oneof', { apiVersion: 'gateway.solo.io/v1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { virtualHost: { routes: [{ matchers: [{ prefix: '/', exact: '/x' }] }] } } }],
  ['wrong apiVersion const', { apiVersion: 'gloo.solo.io/v1', kind: 'VirtualService', metadata: { name: 'a' } }],
];

describe('precompiled validators', () => {
  /** Evaluates the generated code (CommonJS form; the ES form differs only in its export lines). */
  function loadValidators(): Record<string, ValidateFunction> {
    expect(precompiledValidatorsCode()).not.toMatch(/\brequire\(/);
    const exports: { validatorsByRef?: Record<string, ValidateFunction> } = {};
    new Function('exports', precompiledValidatorsCode('cjs'))(exports);
    return exports.validatorsByRef!;
  }

  it('give validate.ts exactly the issues the run-time Ajv gives, with no eval', async () => {
    const validators = loadValidators();
    expect(Object.keys(validators)).toContain('VirtualService');
    vi.resetModules();
    vi.doMock('ajv', () => ({ Ajv: createPrecompiledAjvClass(validators) }));
    const shimmed = (await import('../../core/common/model/validate')) as typeof import('../../core/common/model/validate');
    vi.doUnmock('ajv');
    const vs = kindInfo('VirtualService');
    for (const [label, doc] of SAMPLES) {
      expect(shimmed.validateManifest(vs, doc), label).toEqual(validateManifest(vs, doc));
    }
    expect(validateManifest(vs, SAMPLES[3][1]).map((i) => i.message).join()).toContain('only one of');
  });

  it('cover exactly the kinds of the registry', () => {
    expect(Object.keys(SCHEMAS_BY_KIND).sort()).toEqual([...KIND_NAMES].sort());
  });

  it('refuses refs that were not precompiled', () => {
    const Shim = createPrecompiledAjvClass({});
    expect(() => new Shim().getSchema('VirtualService#/definitions/x')).toThrow('no precompiled validator');
  });
});
