// Security settings of the desktop shell: the app's origin, its Content-Security-Policy, the
// BrowserWindow options, and the checks on IPC senders and navigations.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The privileged scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The renderer's origin; IPC is answered only for frames of this origin. */
export const APP_ORIGIN = 'app://xds-sandbox';
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** CSP of every app:// response: own scripts only, no eval, no plugins, no framing, no network beyond the app. */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror and React Flow set element styles at run time; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Options of a main window: isolated, sandboxed, no Node in the page, web security on; `bounds` places it. */
export function mainWindowOptions(preloadPath: string, bounds: { x?: number; y?: number; width: number; height: number } = { width: 1400, height: 900 }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'xds-sandbox',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Whether a URL belongs to the app's own origin. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** The frame that sent an IPC message, as main sees it (`event.senderFrame`). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

/** Whether IPC from this frame may be answered: the app's own top-level frame only. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** What a navigation of the window does: stays (the app's own pages), opens in the system browser (http/https links), or nothing. */
export function navigationAction(url: string): 'stay' | 'external' | 'block' {
  return isAppUrl(url) ? 'stay' : isExternalLink(url) ? 'external' : 'block';
}

/** Whether a link may be handed to the system browser: plain http(s) only. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
