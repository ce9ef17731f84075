#!/usr/bin/env node
// protoc plugin of the project: writes the kind registry and JSON Schemas (emit=code) or the API docs (emit=docs).
import { createEcmaScriptPlugin, runNodeJs } from '@bufbuild/protoplugin';
import { findKinds } from './descriptors.mjs';
import { DEFINITIONS_FILE, definitionsSchema, kindSchema } from './json-schema.mjs';
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
    schema.generateFile(`schemas/${DEFINITIONS_FILE}`).print(JSON.stringify(definitionsSchema(kinds), null, 1));
    for (const k of kinds) {
      schema.generateFile(`schemas/${k.kind}.schema.json`).print(JSON.stringify(kindSchema(k), null, 2));
    }
    generateKinds(schema, kinds);
  },
});

runNodeJs(plugin);
