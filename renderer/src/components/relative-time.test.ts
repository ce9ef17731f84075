import { describe, expect, it } from 'vitest';
import { relativeTime, splitTimes, withRelativeTimes } from './relative-time';

const now = Date.parse('2026-11-28T13:00:00.000Z');

describe('relative times', () => {
  it('says seconds, minutes and hours ago, and the local date beyond a day', () => {
    expect(relativeTime('2026-11-28T12:59:59.500Z', now)).toBe('just now');
    expect(relativeTime('2026-11-28T12:59:48.000Z', now)).toBe('12 s ago');
    expect(relativeTime('2026-11-28T12:57:00.000Z', now)).toBe('3 min ago');
    expect(relativeTime('2026-11-28T11:00:00.000Z', now)).toBe('2 h ago');
    expect(relativeTime('2026-11-28T13:00:05.000Z', now)).toBe('in 5 s');
    expect(relativeTime('2026-11-20T13:00:00.000Z', now)).toBe(new Date('2026-11-20T13:00:00.000Z').toLocaleString());
  });

  it('finds the ISO times inside a reason and replaces them', () => {
    const reason = 'route 1 invalid; serving the last accepted version from 2026-11-28T12:59:48.000Z';
    expect(splitTimes(reason)).toEqual([{ text: 'route 1 invalid; serving the last accepted version from ' }, { iso: '2026-11-28T12:59:48.000Z' }]);
    expect(withRelativeTimes(reason, now)).toBe('route 1 invalid; serving the last accepted version from 12 s ago');
    expect(splitTimes('no time')).toEqual([{ text: 'no time' }]);
  });
});
