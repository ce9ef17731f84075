import { describe, expect, it } from 'vitest';
import { obj, snapshot } from '../testing/objects';
import { buildPolicyView, DEFAULT_INSTALL_SETTINGS } from './policy-view';

describe('policy view', () => {
  it("reads a config without Settings with the servers a default install's Settings name", () => {
    const view = buildPolicyView(snapshot([]));
    expect(view.settings).toEqual(DEFAULT_INSTALL_SETTINGS);
    expect(view.settingsNamespace).toBe('gloo-system');
    expect(view.assumedSettings).toBe(true);
  });

  it('uses the Settings object when there is one, even one that names no server', () => {
    const view = buildPolicyView(snapshot([obj('Settings', 'default', {}, 'gloo-system')]));
    expect(view.settings).toEqual({});
    expect(view.assumedSettings).toBeUndefined();
  });

  it("changes its hash when a default server's Upstream appears", () => {
    const before = buildPolicyView(snapshot([])).hash;
    const after = buildPolicyView(snapshot([obj('Upstream', 'extauth', { static: { hosts: [{ addr: '10.0.0.1', port: 8083 }] } }, 'gloo-system')])).hash;
    expect(after).not.toBe(before);
  });
});
