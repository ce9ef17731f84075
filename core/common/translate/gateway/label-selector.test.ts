import { describe, expect, it } from 'vitest';
import { expressionProblem, matchesExpressions } from './label-selector';

const labels = { team: 'a', tier: '3' };

describe('label selector expressions', () => {
  it('match expressions as Kubernetes requirements do', () => {
    expect(matchesExpressions(labels, [{ key: 'team', operator: 'In', values: ['a', 'b'] }])).toBe(true);
    expect(matchesExpressions(labels, [{ key: 'team', operator: 'NotIn', values: ['a'] }])).toBe(false);
    expect(matchesExpressions(labels, [{ key: 'other', operator: 'NotEquals', values: ['x'] }])).toBe(true);
    expect(matchesExpressions(labels, [{ key: 'team', operator: 'Exists' }, { key: 'x', operator: 'DoesNotExist' }])).toBe(true);
    expect(matchesExpressions(labels, [{ key: 'tier', operator: 'GreaterThan', values: ['2'] }])).toBe(true);
    expect(matchesExpressions(labels, [{ key: 'team', operator: 'LessThan', values: ['2'] }])).toBe(false);
    expect(matchesExpressions(labels, [{ key: 'team', values: ['a'] }]), 'the default operator is Equals').toBe(true);
    expect(matchesExpressions(labels, [{ key: 'team', operator: 3, values: ['a'] }]), 'operators may be enum numbers').toBe(true);
  });

  it('say what makes an expression unusable', () => {
    expect(expressionProblem({ key: 'team', operator: 'In', values: [] })).toBe('In needs at least one value');
    expect(expressionProblem({ key: 'team', operator: 'Exists', values: ['a'] })).toBe('Exists takes no values (has 1)');
    expect(expressionProblem({ key: 'tier', operator: 'GreaterThan', values: ['x'] })).toBe('GreaterThan needs an integer value, not "x"');
    expect(expressionProblem({ key: 'bad key', operator: 'Exists' })).toBe('key "bad key" is not a valid label key');
    expect(expressionProblem({ key: 'team', operator: 'Near', values: ['a'] })).toContain('operator "Near" is not one of Equals');
    expect(expressionProblem({ key: 'example.com/team', operator: 'Equals', values: ['a'] })).toBeUndefined();
  });
});
