// Generated stores of many VirtualServices for the topology tests and benchmark: N VirtualServices spread
// over namespaces, each with two routes (one weighted 90/10), three whose route has an invalid regex
// (Rejected) and, so the graph also has missing nodes, a few whose route points at an upstream that does not exist.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Names of the VirtualServices written as Rejected. */
export function rejectedNames(count: number): string[] {
  return [7, Math.floor(count / 2), count - 3].map(vsName);
}

/** The name of VirtualService i: `vs-0042`. */
export function vsName(i: number): string {
  return `vs-${String(i).padStart(4, '0')}`;
}

/** Writes `count` VirtualServices (in `namespaces` namespaces) and their upstreams into dir, one file per namespace. */
export async function writeLargeConfig(dir: string, count: number, namespaces = 10): Promise<void> {
  const bad = new Set(rejectedNames(count));
  const files = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const ns = `team-${i % namespaces}`;
    const name = vsName(i);
    const target = i % 97 === 5 ? 'nowhere' : `${name}-v1`;
    const match = bad.has(name) ? '{regex: "/(unclosed"}' : '{prefix: /}';
    const docs = files.get(ns) ?? files.set(ns, []).get(ns)!;
    docs.push(`apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
  virtualHost:
    domains: [${name}.example.com]
    routes:
    - matchers: [{prefix: /canary}]
      routeAction:
        multi:
          destinations:
          - {weight: 90, destination: {upstream: {name: ${name}-v1, namespace: ${ns}}}}
          - {weight: 10, destination: {upstream: {name: ${name}-v2, namespace: ${ns}}}}
    - matchers: [${match}]
      routeAction: {single: {upstream: {name: ${target}, namespace: ${ns}}}}
`);
    for (const v of ['v1', 'v2']) docs.push(`apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: ${name}-${v}, namespace: ${ns}}
spec:
  static:
    hosts: [{addr: 127.0.0.1, port: ${10_000 + i}}]
`);
  }
  await Promise.all([...files].map(([ns, docs]) => writeFile(join(dir, `${ns}.yaml`), docs.join('---\n'))));
}
