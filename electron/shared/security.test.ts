import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, ELECTRON_CSP, isAppUrl, isExternalLink, isTrustedSender, mainWindowOptions, navigationAction } from './security';

describe('window options', () => {
  it('isolate and sandbox the page, with no Node and web security on', () => {
    const prefs = mainWindowOptions('/x/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
    });
  });
});

describe('CSP', () => {
  const directives = new Map(ELECTRON_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it("defaults to 'self', allows own scripts only and never eval", () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(ELECTRON_CSP).not.toContain('unsafe-eval');
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('sender and navigation checks', () => {
  it('trust only the top-level frame of the app origin', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://xds-sandbox/index.html#/timeline', parent: null })).toBe(true);
  });

  it('reject foreign frames, sub-frames and missing frames', () => {
    const top = { url: APP_ENTRY_URL, parent: null };
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'app://xds-sandbox.evil/index.html', 'not a url']) {
      expect(isTrustedSender({ url, parent: null }), url).toBe(false);
    }
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: top })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('keep navigation on the app and hand only http(s) links to the system browser', () => {
    expect(isAppUrl('app://xds-sandbox/index.html')).toBe(true);
    expect(isAppUrl('https://example.com')).toBe(false);
    expect(isExternalLink('http://127.0.0.1:19000/config_dump')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(navigationAction('app://xds-sandbox/index.html#/topology')).toBe('stay');
    expect(navigationAction('https://docs.solo.io/gloo-edge/latest/')).toBe('external');
    expect(navigationAction('file:///etc/passwd')).toBe('block');
  });

  it('place the window where its saved state says', () => {
    expect(mainWindowOptions('/p', { x: 10, y: 20, width: 1000, height: 700 })).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
  });
});
