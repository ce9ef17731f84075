// Text-level write-back: one document changes in place, the rest of the file stays byte for byte.
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { addObjectToText, holdsExactly, removeObjectFromText, replaceObjectInText } from './folder-writer';
import { detectStyle } from './yaml-patch';

const up = (name: string, port: number, extra: Partial<Resource<'Upstream'>['metadata']> = {}): Resource<'Upstream'> => ({
  kind: 'Upstream', metadata: { name, namespace: 'default', ...extra }, spec: { static: { hosts: [{ addr: 'h', port }] } },
});

const THREE_DOCS = `# file header
apiVersion: gloo.solo.io/v1
kind: Upstream
metadata:
  name: a   # first
  creationTimestamp: "2024-01-01T00:00:00Z"
spec:
  static:
    hosts: [{addr: h, port: 1}]
---
apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: b}
spec:
  static:
    hosts:
    - addr: h    # the only host
      port: 2
---
apiVersion: gloo.solo.io/v1
kind: Upstream
metadata:
  name: c
spec:
  static: {hosts: [{addr: h, port: 3}]}
`;

describe('folder writer', () => {
  it('changes only the middle document, keeping its comments, flow styles and the other documents', () => {
    const out = replaceObjectInText(THREE_DOCS, 'x.yaml', up('b', 20, { labels: { new: 'yes' } }));
    const [a, b, c] = out.split(/^---\n/m);
    const [a0, , c0] = THREE_DOCS.split(/^---\n/m);
    expect(a).toBe(a0);
    expect(c).toBe(c0);
    expect(b).toBe('apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: b, labels: {new: yes}}\nspec:\n  static:\n    hosts:\n    - addr: h # the only host\n      port: 20\n');
    expect(holdsExactly(out, 'x.yaml', up('b', 20, { labels: { new: 'yes' } }))).toBe(true);
  });

  it('keeps metadata the model drops (creationTimestamp) and the file header comment', () => {
    const out = replaceObjectInText(THREE_DOCS, 'x.yaml', up('a', 10));
    expect(out.startsWith('# file header\napiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: a # first\n  creationTimestamp: "2024-01-01T00:00:00Z"\n')).toBe(true);
    expect(out).toContain('hosts: [{addr: h, port: 10}]');
  });

  it('removes a first, middle or last document and leaves a file that still parses', () => {
    for (const name of ['a', 'b', 'c']) {
      const out = removeObjectFromText(THREE_DOCS, 'x.yaml', up(name, 0))!;
      for (const other of ['a', 'b', 'c'].filter((n) => n !== name)) expect(out).toMatch(new RegExp(`name: ${other}\\b`));
      expect(out).not.toMatch(new RegExp(`name: ${name}\\b`));
      expect(out.startsWith('---')).toBe(false);
    }
    expect(removeObjectFromText('apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: a}\n---\n', 'x.yaml', up('a', 0))).toBeUndefined();
  });

  it('appends a new object as one more document, and writes flat objects in a Solo Kit path', () => {
    const out = addObjectToText('kind: Other\n', 'x.yaml', up('n', 5));
    expect(out.startsWith('kind: Other\n---\napiVersion: gloo.solo.io/v1\nkind: Upstream\n')).toBe(true);
    expect(addObjectToText(undefined, 'upstreams/default/n.yaml', up('n', 5))).toBe('metadata:\n  name: n\n  namespace: default\nstatic:\n  hosts:\n    - addr: h\n      port: 5\n');
  });

  it('keeps a v1 Secret\'s base64 data form, and writes a spec it cannot say as a gloo.solo.io manifest', () => {
    const v1 = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  user: YWxpY2U=   # alice\n';
    const secret = (spec: object) => ({ kind: 'Secret', metadata: { name: 's', namespace: 'default' }, spec }) as Resource<'Secret'>;
    expect(replaceObjectInText(v1, 's.yaml', secret({ generic: { data: { user: 'bob' } } }))).toBe('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  user: Ym9i # alice\n');
    const header = replaceObjectInText(v1, 's.yaml', secret({ header: { headers: { a: 'b' } } }));
    expect(header).toMatch(/^apiVersion: gloo.solo.io\/v1\nkind: Secret\n/);
    expect(holdsExactly(header, 's.yaml', secret({ header: { headers: { a: 'b' } } }))).toBe(true);
  });

  it('rewrites a JSON file as JSON', () => {
    const json = JSON.stringify({ apiVersion: 'gloo.solo.io/v1', kind: 'Upstream', metadata: { name: 'j' }, spec: { static: { hosts: [{ addr: 'h', port: 1 }] } } }, null, 2);
    const out = replaceObjectInText(json, 'j.json', up('j', 9, { labels: { a: 'b' } }));
    expect(JSON.parse(out)).toEqual({ apiVersion: 'gloo.solo.io/v1', kind: 'Upstream', metadata: { name: 'j', labels: { a: 'b' } }, spec: { static: { hosts: [{ addr: 'h', port: 9 }] } } });
  });

  it('detects the file\'s sequence indentation, indent width and flow padding', () => {
    expect(detectStyle('a:\n- x\n')).toMatchObject({ indentSeq: false, indent: 2 });
    expect(detectStyle('a:\n    - x\n')).toMatchObject({ indentSeq: true, indent: 4 });
    expect(detectStyle('a: {b: c}\n').flowCollectionPadding).toBe(false);
    expect(detectStyle('a: { b: c }\n').flowCollectionPadding).toBe(true);
  });
});
