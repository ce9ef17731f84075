// Build-time Ajv: compiles every kind's JSON Schema to plain validation code, so the renderer
// validates exactly like core/common/model/validate.ts without `eval` (the UI's CSP forbids it).
import { _, Ajv, stringify, type KeywordCxt, type KeywordDefinition } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'vite';
import { KINDS, SHARED_JSON_SCHEMA } from '../../core/common/model/kinds';

/** The JSON Schema of every kind, keyed by kind, from the generated kind registry. */
export const SCHEMAS_BY_KIND: Readonly<Record<string, object>> = Object.fromEntries(KINDS.map((k) => [k.kind, k.jsonSchema as object]));

/** Import this id to get `validatorsByRef`: Ajv schema ref (the kind name) → compiled validate function. */
export const VALIDATORS_MODULE_ID = 'virtual:xds-sandbox/validators';

/** The `x-oneof` keyword of validate.ts, as generated code: same check, same message. */
export function xOneOfKeyword(): KeywordDefinition {
  return {
    keyword: 'x-oneof',
    type: 'object',
    schemaType: 'array',
    code(cxt: KeywordCxt) {
      const { gen, data } = cxt;
      for (const group of cxt.schema as string[][]) {
        const found = gen.const('found', _`${stringify(group)}.filter((f) => ${data}[f] !== undefined)`);
        gen.if(_`${found}.length > 1`, () => cxt.error(false, { group: group.join(', '), found }));
      }
    },
    error: {
      message: ({ params }) => _`"only one of " + ${params.group} + " may be set (found " + ${params.found}.join(" and ") + ")"`,
    },
  };
}

/** Module source exporting `validatorsByRef` for the manifest form of every kind (the form the editor validates); ES module by default, CommonJS on request. */
export function precompiledValidatorsCode(format: 'esm' | 'cjs' = 'esm'): string {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: format === 'esm' } });
  ajv.addKeyword(xOneOfKeyword());
  ajv.addSchema(SHARED_JSON_SCHEMA as object);
  const exportsByRef: Record<string, string> = {};
  const kinds = Object.keys(SCHEMAS_BY_KIND);
  for (const kind of kinds) {
    ajv.addSchema(SCHEMAS_BY_KIND[kind], kind);
    exportsByRef[`validate${kind}`] = kind;
  }
  const code = standaloneCode(ajv, exportsByRef);
  const prefix = format === 'esm' ? '' : 'exports.';
  const table = kinds.map((kind) => `  ${JSON.stringify(kind)}: ${prefix}validate${kind},`).join('\n');
  const target = format === 'esm' ? 'export const validatorsByRef' : 'exports.validatorsByRef';
  return `${code}\n${target} = {\n${table}\n};\n`;
}

/** Vite plugin serving VALIDATORS_MODULE_ID. */
export function precompiledValidators(): Plugin {
  const resolved = `\0${VALIDATORS_MODULE_ID}`;
  return {
    name: 'xds-sandbox:precompiled-validators',
    resolveId: (id) => (id === VALIDATORS_MODULE_ID ? resolved : undefined),
    load: (id) => (id === resolved ? precompiledValidatorsCode() : undefined),
  };
}
