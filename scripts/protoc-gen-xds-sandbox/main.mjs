#!/usr/bin/env node
// protoc plugin of the project: writes the kind registry and JSON Schemas (emit=code) or the API docs (emit=docs).
import { createEcmaScriptPlugin, runNodeJs } from '@bufbuild/protoplugin';
import { findKinds } from './descriptors.mjs';
import { DEFINITIONS_FILE, definitionsSchema, kindSchema } from './json-schema.mjs';
import { VALIDATORS_DTS, validatorsCode } from './validators.mjs';
import { generateKinds } from './kinds.mjs';
import { generateDocs } from './docs.mjs';

function parseOptions(raw) {
  const emit = raw.find((o) => o.key === 'emit')?.value;
  if (emit !== 'code' && emit !== 'docs') throw new Error('emit=code or emit=docs is required');
  return { emit };
}

const plugin = createEcmaScriptPlugin({
  name: 'protoc-gen-xds-sandbox',
  version: 'v1',
  parseOptions,
  generateTs(schema) {
    const kinds = findKinds(schema);
    if (schema.options.emit === 'docs') return generateDocs(schema, kinds);
    const definitions = definitionsSchema(kinds);
    const schemas = kinds.map((k) => ({ kind: k.kind, typeName: k.message.typeName, schema: kindSchema(k) }));
    schema.generateFile(`schemas/${DEFINITIONS_FILE}`).print(JSON.stringify(definitions, null, 1));
    for (const s of schemas) schema.generateFile(`schemas/${s.kind}.schema.json`).print(JSON.stringify(s.schema, null, 2));
    schema.generateFile('validators.js').print(validatorsCode(definitions, schemas));
    schema.generateFile('validators.d.ts').print(VALIDATORS_DTS);
    generateKinds(schema, kinds);
  },
});

runNodeJs(plugin);
