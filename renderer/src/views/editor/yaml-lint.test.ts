import { describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS, templateFor } from './templates';
import { lintYamlText, problemsToDiagnostics } from './yaml-lint';

describe('editor lint', () => {
  it('reports an unknown field at its own line', () => {
    const text = templateFor('VirtualService').replace('    domains:', '    domainz:');
    const problems = lintYamlText(text);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('unknown field `domainz`; did you mean `domains`?');
    const line = text.split('\n').findIndex((l) => l.includes('domainz')) + 1;
    expect(problems[0].line).toBe(line);
    const [d] = problemsToDiagnostics(text, problems);
    expect(text.slice(d.from, d.to)).toBe('domainz:');
  });

  it('reports YAML syntax errors with a position', () => {
    const problems = lintYamlText('kind: VirtualService\nmetadata:\n  name: [oops\n');
    expect(problems[0].message).toMatch(/YAML syntax error/);
    expect(problems[0].line).toBeGreaterThanOrEqual(3);
  });

  it('accepts every template as it is', () => {
    for (const kind of TEMPLATE_KINDS) expect(lintYamlText(templateFor(kind)), kind).toEqual([]);
  });

  it('clamps positions outside the text', () => {
    const [d] = problemsToDiagnostics('a: 1', [{ file: 'x', line: 9, column: 40, message: 'm' }]);
    expect(d.from).toBeLessThanOrEqual(4);
    expect(d.to).toBeLessThanOrEqual(4);
  });
});
