import { describe, expect, it } from 'vitest';
import { ENGINE_METHODS } from '../../core/common/api/contract';
import { channelOf, ENGINE_CHANNELS, EVENT_CHANNEL } from './ipc-contract';

describe('IPC contract', () => {
  it('has exactly one channel per ENGINE_METHODS entry and nothing else', () => {
    expect(Object.keys(ENGINE_CHANNELS).sort()).toEqual([...ENGINE_METHODS].sort());
    const channels = Object.values(ENGINE_CHANNELS);
    expect(new Set(channels).size).toBe(ENGINE_METHODS.length);
    for (const m of ENGINE_METHODS) expect(ENGINE_CHANNELS[m]).toBe(channelOf(m));
  });

  it('keeps the event channel apart from every method channel', () => {
    expect(Object.values(ENGINE_CHANNELS)).not.toContain(EVENT_CHANNEL);
    expect(Object.isFrozen(ENGINE_CHANNELS)).toBe(true);
  });
});
