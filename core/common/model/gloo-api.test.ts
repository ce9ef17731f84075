import { readdirSync, readFileSync } from 'node:fs';
import { fromJson, toJson, type JsonObject } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { MESSAGE_SCHEMA_BY_KIND } from '../gen/message-schemas';
import { KIND_NAMES } from './kinds';
import type { Resource } from './resource';
import { parseYamlFile } from './yaml-documents';

const dir = new URL('../../../fixtures/gloo-api/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const loaded = files.map((file) => ({ file, ...parseYamlFile(readFileSync(new URL(file, dir), 'utf8'), file) }));

/** The object as its kind's message in proto3 JSON: metadata beside the spec fields, as Solo Kit writes it (GraphQLApi, retired, has no metadata field). */
function asMessageJson(r: Resource): JsonObject {
  const { resourceVersion: _rv, ...metadata } = r.metadata;
  const hasMetadata = MESSAGE_SCHEMA_BY_KIND[r.kind].fields.some((f) => f.name === 'metadata');
  return { ...(hasMetadata ? { metadata } : {}), ...(r.spec as JsonObject) } as JsonObject;
}

describe('Gloo API examples (fixtures/gloo-api)', () => {
  it('has examples', () => expect(files.length).toBeGreaterThan(5));

  for (const f of loaded) {
    it(`${f.file} loads with no problem`, () => {
      expect(f.problems).toEqual([]);
      expect(f.resources.length).toBeGreaterThan(0);
    });
  }

  it('every kind has at least one example', () => {
    const kinds = new Set(loaded.flatMap((f) => f.resources.map((r) => r.resource.kind)));
    expect([...KIND_NAMES].filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('every example comes back unchanged through its typed message', () => {
    for (const f of loaded) {
      for (const { resource } of f.resources) {
        const schema = MESSAGE_SCHEMA_BY_KIND[resource.kind];
        const json = asMessageJson(resource);
        const label = `${f.file}: ${resource.kind} ${resource.metadata.namespace}/${resource.metadata.name}`;
        expect(toJson(schema, fromJson(schema, json)), label).toEqual(json);
      }
    }
  });
});
