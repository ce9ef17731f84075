// The review of a config change: both sides translated by one pipeline (the before side first, as the engine serving
// it would have; so a Rejected object of the after side keeps its last accepted version served, exactly as after a
// deploy), then the object diff, statuses, route tests before and after, the traffic diff and the xDS diff.
import { diffObjects } from '../diff/object-diff';
import { diffXds } from '../diff/xds-diff';
import { countStates } from '../loop/state-counts';
import { KIND_NAMES } from '../model/kinds';
import { parseRefKey, refKey, type Resource, type Status } from '../model/resource';
import { runRouteTests, type RouteTestResult } from '../route/route-tests';
import type { ApiSnapshot } from '../snapshot/api-snapshot';
import type { Pipeline, PipelineResult } from '../translate/pipeline';
import { routeTestFileOf } from '../translate/route-test-judge';
import type { XdsSnapshot } from '../xds/xds-snapshot';
import type { ConfigReview, RouteTestChange, RouteTestResultLine, StatusChange, StatusLine } from './review-types';
import { requestLabel, type SampleRequest } from './sample-requests';
import { diffTraffic } from './traffic-diff';
import { outcomeOf } from './traffic-outcome';

/** Reviews the change from `before` to `after`, translating both with `pipeline` (a fresh one: it remembers accepted versions). */
export function reviewConfig(before: ApiSnapshot, after: ApiSnapshot, pipeline: Pipeline): ConfigReview {
  const t0 = performance.now();
  const a = pipeline.run(before);
  const b = pipeline.run(after);
  return reviewTranslated(before, after, a, b, performance.now() - t0);
}

/** The review of two snapshots already translated (`a` from `before`, then `b` from `after`, by one pipeline). */
export function reviewTranslated(before: ApiSnapshot, after: ApiSnapshot, a: PipelineResult, b: PipelineResult, translateMs = 0): ConfigReview {
  const t1 = performance.now();
  const routeTests = diffRouteTests(testResults(before, a.xds), testResults(after, b.xds));
  const traffic = diffTraffic(a.xds, b.xds, [...routeTestRequests(after), ...routeTestRequests(before)]);
  const t2 = performance.now();
  const statuses = diffStatuses(a, b);
  const failing = routeTests.filter((t) => t.after && !t.after.passed);
  const blocking = [
    ...statuses.filter((s) => s.after?.state === 'Rejected' && s.kind !== 'RouteTest').map((s) => `${s.kind} ${s.namespace}/${s.name} is Rejected: ${s.after!.reason}`),
    ...failing.map((t) => `route test ${t.routeTest} "${t.test}" fails: ${t.after!.failures.join(', ')}`),
    ...after.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
  ];
  const oldProblems = new Set(before.problems.map((p) => `${p.file}:${p.message}`));
  const regressions = [
    ...statuses.filter((s) => s.introduced && s.kind !== 'RouteTest').map((s) => `${s.kind} ${s.namespace}/${s.name} becomes Rejected: ${s.after!.reason}`),
    ...failing.filter((t) => !t.before || t.before.passed).map((t) => `route test ${t.routeTest} "${t.test}" fails: ${t.after!.failures.join(', ')}`),
    ...after.problems.filter((p) => !oldProblems.has(`${p.file}:${p.message}`)).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
  ];
  return {
    objects: diffObjects(before, after), statuses,
    counts: { before: countStates(a.statuses, before.problems.length), after: countStates(b.statuses, after.problems.length) },
    problems: after.problems, routeTests, traffic, xds: diffXds(a.xds, b.xds), blocking, regressions,
    timingsMs: { translate: translateMs, traffic: t2 - t1 },
  };
}

/** Objects whose state or reason changed, and every object Rejected after the change. */
function diffStatuses(a: PipelineResult, b: PipelineResult): StatusChange[] {
  const out: StatusChange[] = [];
  for (const key of [...new Set([...a.statuses.keys(), ...b.statuses.keys()])].sort()) {
    const x = lineOf(a.statuses.get(key));
    const y = lineOf(b.statuses.get(key));
    const same = x && y && x.state === y.state && x.reason === y.reason;
    if (same && y.state !== 'Rejected') continue;
    const ref = parseRefKey(key);
    out.push({ kind: ref.kind, namespace: ref.namespace, name: ref.name, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}), introduced: y?.state === 'Rejected' && x?.state !== 'Rejected' });
  }
  return out;
}

function lineOf(s: Status | undefined): StatusLine | undefined {
  return s ? { state: (s.state as StatusLine['state'] | undefined) ?? 'Pending', reason: s.reason ?? '' } : undefined;
}

/** Each route test's result by `namespace/name\0test`. */
function testResults(snapshot: ApiSnapshot, xds: ReadonlyMap<string, XdsSnapshot>): Map<string, RouteTestResultLine> {
  const out = new Map<string, RouteTestResultLine>();
  for (const r of snapshot.objects.RouteTest) {
    const file = routeTestFileOf(r);
    runRouteTests(xds, file).forEach((res, i) => out.set(`${r.metadata.namespace}/${r.metadata.name}\u0000${res.name}`, resultLine(res, file.tests[i].request.path)));
  }
  return out;
}

function resultLine(r: RouteTestResult, path: string): RouteTestResultLine {
  return { passed: r.passed, failures: r.failures, outcome: outcomeOf(r.decision, path).text };
}

function diffRouteTests(before: Map<string, RouteTestResultLine>, after: Map<string, RouteTestResultLine>): RouteTestChange[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.map((key) => {
    const [routeTest, test] = key.split('\u0000');
    const x = before.get(key);
    const y = after.get(key);
    return { routeTest, test, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) };
  });
}

/** The request of every route test, to replay in the traffic diff. */
function routeTestRequests(snapshot: ApiSnapshot): SampleRequest[] {
  return snapshot.objects.RouteTest.flatMap((r: Resource<'RouteTest'>) => {
    const file = routeTestFileOf(r);
    return file.tests.map((t) => {
      const proxy = t.proxy ?? file.proxy;
      return { ...(proxy ? { proxy } : {}), label: requestLabel(t.request), request: t.request, origin: `route test ${r.metadata.name}: ${t.name}` };
    });
  });
}
