// What counts as a file modified just now.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { modifiedWithin, parseText } from './folder-reader';

describe('modifiedWithin', () => {
  it('a file modified within the settle time is recent, one modified earlier is not', () => {
    expect(modifiedWithin(0, 50)).toBe(true);
    expect(modifiedWithin(49.9, 50)).toBe(true);
    expect(modifiedWithin(50, 50)).toBe(false);
  });

  it('a modification time a fraction of a millisecond ahead of Date.now() (which drops the fraction) is recent; a file dated in the future is settled', () => {
    expect(modifiedWithin(-0.7, 50)).toBe(true);
    expect(modifiedWithin(-3_600_000, 50)).toBe(false);
  });
});

describe('parseText', () => {
  it('keeps no string that is a slice of the file text (which would keep the whole text alive)', () => {
    // A fresh process with V8's natives syntax, which can tell a sliced string apart.
    const code = `
      const { parseText } = await import(${JSON.stringify(new URL('./folder-reader.ts', import.meta.url).href)});
      const yaml = 'apiVersion: gateway.solo.io/v1\\nkind: VirtualService\\nmetadata:\\n  name: a-name-long-enough-to-slice\\n  namespace: gloo-system\\nspec:\\n  virtualHost:\\n    domains: [api.example-domain.com, "*"]\\n';
      const strings = [];
      const walk = (v) => { if (typeof v === 'string') strings.push(v); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
      walk(parseText('a.yaml', yaml).resources.map((lr) => lr.resource));
      for (const s of strings) if (s.length >= 13) %DebugPrint(s);`; // shorter strings are copies; V8 prints little then
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(out).toContain('api.example-domain.com');
    expect(out).not.toMatch(/SLICED/);
  });

  it('reads the objects the YAML holds, with their resourceVersion', () => {
    const yaml = 'apiVersion: gateway.solo.io/v1\nkind: VirtualService\nmetadata:\n  name: a-name-long-enough-to-slice\n  namespace: gloo-system\nspec:\n  virtualHost:\n    domains: [api.example-domain.com, "*"]\n';
    const [read] = parseText('a.yaml', yaml).resources;
    const [parsed] = parseYamlFile(yaml, 'a.yaml').resources;
    expect(read.resource).toEqual({ ...parsed.resource, metadata: { ...parsed.resource.metadata, resourceVersion: expect.any(String) } });
  });
});
