import { describe, expect, it } from 'vitest';
import { commandOfKey, SHORTCUTS } from './shortcuts';

const key = (k: string, extra: Partial<Parameters<typeof commandOfKey>[0]> = {}) => commandOfKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, typing: false, ...extra });

describe('keyboard shortcuts', () => {
  it('map space to step, p to pause and ? to the shortcuts overlay', () => {
    expect(key(' ')).toBe('step-stage');
    expect(key('p')).toBe('toggle-pause');
    expect(key('P')).toBe('toggle-pause');
    expect(key('?')).toBe('shortcuts');
    expect(key('h')).toBe('hide-chrome');
  });

  it('never fire while typing or with a modifier', () => {
    expect(key(' ', { typing: true })).toBeUndefined();
    expect(key('p', { ctrlKey: true })).toBeUndefined();
    expect(key('x')).toBeUndefined();
  });

  it('are all listed in the overlay', () => {
    for (const k of [' ', 'n', 'p', 'm', 'h', 't', '/', '?']) expect(SHORTCUTS.map((s) => s.command)).toContain(key(k));
  });
});
