import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOpenApi, restFunctionsOf, restServiceSpec } from './openapi';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('OpenAPI documents', () => {
  it('a Swagger 2.0 document gives one function per operation with basePath, path-level parameters and Gloo fallback names', () => {
    const r = parseOpenApi(fixture('petstore-v2.json'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.version).toBe('2.0');
    expect(r.functions.map((f) => `${f.name} ${f.method} ${f.path}`)).toEqual([
      'listPets GET /api/pets', 'addPet POST /api/pets', 'getPet GET /api/pets/{petId}', 'delete.pets.{petId} DELETE /api/pets/{petId}',
    ]);
    expect(r.functions[3].parameters).toEqual([{ name: 'petId', in: 'path' }, { name: 'x-reason', in: 'header' }]);
  });

  it('an OpenAPI 3 document in YAML takes its base path from the first server and its request body as a body parameter', () => {
    const r = parseOpenApi(fixture('bookstore-v3.yaml'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.functions.map((f) => `${f.name} ${f.method} ${f.path}`)).toEqual(['listBooks GET /v1/books', 'createBook POST /v1/books', 'getBook GET /v1/books/{isbn}']);
    expect(r.functions[1].parameters).toEqual([{ name: 'body', in: 'body' }]);
  });

  it('HTML, JSON without a version and text that is neither are not OpenAPI documents, with the reason', () => {
    expect(parseOpenApi('<!doctype html><html></html>')).toEqual({ ok: false, reason: 'not an object' });
    expect(parseOpenApi('{"paths": {}}')).toEqual({ ok: false, reason: 'no `swagger: 2.0` or `openapi: 3.x` field' });
    expect(parseOpenApi('{ not: [json')).toMatchObject({ ok: false });
  });

  it('the REST ServiceSpec holds Gloo-style transformations that read back as the same methods, paths and parameters', () => {
    const r = parseOpenApi(fixture('petstore-v2.json'));
    if (!r.ok) throw new Error(r.reason);
    const spec = restServiceSpec('http://127.0.0.1:3000/swagger.json', r.functions);
    expect(spec.swaggerInfo?.url).toBe('http://127.0.0.1:3000/swagger.json');
    expect(spec.transformations?.getPet.headers?.[':path']?.text).toBe('/api/pets/{{ default(petId, "") }}');
    expect(spec.transformations?.listPets.headers?.[':path']?.text).toBe('/api/pets?limit={{ default(limit, "") }}');
    const back = restFunctionsOf(spec);
    expect(back.map((f) => `${f.name} ${f.method} ${f.path}`)).toEqual([
      'addPet POST /api/pets', 'delete.pets.{petId} DELETE /api/pets/{petId}', 'getPet GET /api/pets/{petId}', 'listPets GET /api/pets',
    ]);
    expect(back.find((f) => f.name === 'listPets')?.parameters).toEqual([{ name: 'limit', in: 'query' }]);
  });
});
