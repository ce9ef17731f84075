// Route tests as objects: every RouteTest is run against the pass's xDS and gets a status —
// Accepted while every test passes, Rejected (listing the failures) when one does not.
import type { Resource, Status } from '../model/resource';
import { runRouteTests, type RouteTest, type RouteTestFile } from '../route/route-tests';
import type { XdsSnapshot } from '../xds/xds-snapshot';

/** The status of each RouteTest object by `RouteTest.namespace.name`. */
export function judgeRouteTests(objects: readonly Resource<'RouteTest'>[], xds: ReadonlyMap<string, XdsSnapshot>): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const r of objects) {
    const results = runRouteTests(xds, routeTestFileOf(r));
    const failed = results.filter((x) => !x.passed);
    const reason = failed.length === 0
      ? `${results.length} test${results.length === 1 ? '' : 's'} pass`
      : `${failed.length} of ${results.length} tests fail: ` + failed.map((f) => `"${f.name}": ${f.failures.join(', ')}`).join('; ');
    out.set(`RouteTest.${r.metadata.namespace}.${r.metadata.name}`, {
      state: failed.length ? 'Rejected' : 'Accepted', reason, reportedBy: 'route-tests', ...(r.source ? { source: r.source } : {}),
    });
  }
  return out;
}

/** The tests of a RouteTest object, as runRouteTests takes them (an unnamed test is `test N`, a missing path `/`). */
export function routeTestFileOf(r: Resource<'RouteTest'>): RouteTestFile {
  const tests = (r.spec.tests ?? []).map((t, i): RouteTest => ({
    name: t.name || `test ${i}`,
    ...(t.proxy ? { proxy: t.proxy } : {}),
    request: { ...t.request, path: t.request?.path || '/' },
    expect: { ...t.expect } as RouteTest['expect'],
  }));
  return { ...(r.spec.proxy ? { proxy: r.spec.proxy } : {}), tests };
}
