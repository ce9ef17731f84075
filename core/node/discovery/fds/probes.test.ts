import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restServiceSpec } from '../../../common/discovery/openapi';
import { closingServer, greeterServer, hangingServer, httpServer, type TestServer } from '../test-support/servers';
import { probeOpenApi } from './openapi-probe';
import { probeReflection } from './grpc-reflection-probe';
import { waitFor } from '../test-support/wait';

const fixture = (name: string) => readFileSync(new URL(`../../../common/discovery/fixtures/${name}`, import.meta.url), 'utf8');
const local = (port: number, timeoutMs = 500) => ({ host: '127.0.0.1', port, tls: false, timeoutMs });

describe('function discovery probes against real servers', () => {
  const servers: TestServer[] = [];
  let v2: TestServer, v3: TestServer, html: TestServer, plain: TestServer, hang: Awaited<ReturnType<typeof hangingServer>>, grpcWith: TestServer, grpcWithout: TestServer;

  beforeAll(async () => {
    [v2, v3, html, plain, hang, grpcWith, grpcWithout] = await Promise.all([
      httpServer({ '/swagger/docs/v1': ['application/json', fixture('petstore-v2.json')] }),
      httpServer({ '/openapi.json': ['application/yaml', fixture('bookstore-v3.yaml')] }),
      httpServer({ '/swagger.json': ['text/html', '<html><body>Swagger UI</body></html>'], '/v2/swagger': ['application/json', fixture('petstore-v2.json')] }),
      httpServer({ '/': ['text/plain', 'hello'] }),
      hangingServer(),
      greeterServer({ reflection: true }),
      greeterServer({ reflection: false }),
    ]);
    servers.push(v2, v3, html, plain, hang, grpcWith, grpcWithout);
  });
  afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });

  it('finds a Swagger 2.0 document at /swagger/docs/v1 after the paths before it answer 404', async () => {
    const r = await probeOpenApi(local(v2.port));
    expect(r.found?.url).toBe(`http://127.0.0.1:${v2.port}/swagger/docs/v1`);
    expect(r.found?.functions.map((f) => f.name)).toEqual(['listPets', 'addPet', 'getPet', 'delete.pets.{petId}']);
    expect(r.steps.map((s) => s.outcome)).toEqual(['HTTP 404', 'HTTP 404', 'OpenAPI 2.0: 4 operations']);
  });

  it('finds an OpenAPI 3 YAML document at /openapi.json', async () => {
    const r = await probeOpenApi(local(v3.port));
    expect(r.found?.version).toBe('3.0.3');
    expect(restServiceSpec(r.found!.url, r.found!.functions).transformations?.getBook.headers?.[':path']?.text).toBe('/v1/books/{{ default(isbn, "") }}');
  });

  it('an HTML page at /swagger.json is not found there, and the probe goes on to the next paths', async () => {
    const r = await probeOpenApi(local(html.port));
    expect(r.steps.slice(0, 2)).toEqual([{ what: 'GET /openapi.json', outcome: 'HTTP 404' }, { what: 'GET /swagger.json', outcome: 'an HTML page' }]);
    expect(r.found?.url).toMatch(/\/v2\/swagger$/);
  });

  it('a plain HTTP server has no OpenAPI at any of the 6 paths; the Upstream\'s own URL is tried first', async () => {
    const r = await probeOpenApi({ ...local(plain.port), extraUrl: '/docs/api.json' });
    expect(r.found).toBeUndefined();
    expect(r.steps.map((s) => s.what)).toEqual(['GET /docs/api.json', 'GET /openapi.json', 'GET /swagger.json', 'GET /swagger/docs/v1', 'GET /swagger/docs/v2', 'GET /v1/swagger', 'GET /v2/swagger']);
  });

  it('a server that hangs is "timed out" after the probe timeout, the other paths are not tried, and the OpenAPI probe closes its connection', async () => {
    const r = await probeOpenApi(local(hang.port, 300));
    expect(r).toEqual({ steps: [{ what: 'GET /openapi.json', outcome: 'timed out after 0.3 s' }], stopped: 'hang', http1: false });
    await waitFor('the OpenAPI probe to close its connection', () => hang.openConnections() === 0);
    const g = await probeReflection(local(hang.port, 300));
    expect(g.steps).toEqual([{ what: 'gRPC reflection v1', outcome: 'timed out after 0.3 s' }]);
  });

  it('a port that closes while probed ends the probe with "connection refused", not an error', async () => {
    const closing = await closingServer();
    const r = await probeOpenApi(local(closing.port));
    expect(r.found).toBeUndefined();
    expect(r.steps.at(-1)?.outcome).toBe('connection refused');
    expect(r.stopped).toBe('refused');
  });

  it('gRPC reflection lists the Greeter and its descriptor set holds the file it imports', async () => {
    const r = await probeReflection(local(grpcWith.port, 2000));
    expect(r.steps).toEqual([{ what: 'gRPC reflection v1', outcome: '1 service: hello.v1.Greeter' }]);
    expect(r.found?.services[0]).toMatchObject({ fullName: 'hello.v1.Greeter', packageName: 'hello.v1', name: 'Greeter' });
    expect(r.found?.services[0].methods.map((m) => `${m.name}(${m.input}) ${m.output}`)).toEqual(['SayHello(hello.v1.HelloRequest) hello.v1.HelloReply', 'SayGoodbye(hello.v1.HelloRequest) hello.v1.HelloReply']);
  });

  it('a gRPC server without reflection says so for v1 and v1alpha; an HTTP/1 server is not a gRPC server; OpenAPI probing of a gRPC server stops at once', async () => {
    const r = await probeReflection(local(grpcWithout.port, 2000));
    expect(r.steps).toEqual([{ what: 'gRPC reflection v1', outcome: 'reflection not enabled' }, { what: 'gRPC reflection v1alpha', outcome: 'reflection not enabled' }]);
    const http1 = await probeReflection(local(plain.port, 2000));
    expect(http1.steps[0].outcome).toMatch(/^not a gRPC server/);
    const o = await probeOpenApi(local(grpcWith.port, 2000));
    expect(o.found).toBeUndefined();
    expect(o.steps).toHaveLength(1);
  });
});
