// The desktop shell: one window per store (a second launch or File menu on an open store focuses its window),
// each with the engine as a child `serve` process reached over its HTTP API; IPC handlers per EngineApi
// method; the application menu; recent stores; window places remembered per store.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, shell } from 'electron';
import { join } from 'node:path';
import type { ShellCommand } from '../../core/common/api/shell-commands';
import { COMMAND_CHANNEL } from '../shared/ipc-contract';
import { APP_ENTRY_URL, APP_SCHEME, isExternalLink, mainWindowOptions, navigationAction } from '../shared/security';
import { createAppProtocolHandler } from './app-protocol';
import { createEngineLink, type EngineLink } from './engine-link';
import { startEngineProcess, type EngineProcess } from './engine-process';
import { pushEvent, registerEngineHandlers } from './ipc-relay';
import { buildMenuTemplate } from './menu-template';
import { canonicalStore, launchRequest, StoreWindows, type LaunchRequest } from './store-windows';
import { defaultStoreSpec, loadRecent, saveRecent, storePath, withRecent } from './stores';
import { loadWindowStates, restoreWindowState, saveWindowStates, withWindowState, type WindowStates } from './window-state';

/** Where the app's files are. */
export interface DesktopPaths {
  /** Package root: bin/, renderer/dist/, fixtures/demo/. */
  readonly root: string;
  /** Folder of the bundled main and preload scripts. */
  readonly bundleDir: string;
}

/** One window and the engine of the store it shows. */
interface StoreWindow {
  readonly win: BrowserWindow;
  engine?: EngineProcess;
  link?: EngineLink;
}

/** Registers the app:// scheme as privileged; must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** The data a launch hands to the single-instance lock, so the running app can open its store. */
export function launchData(argv: readonly string[], cwd: string): LaunchRequest {
  return launchRequest(argv, cwd);
}

/** Starts the shell on `initialStore` (the recent or default store when undefined). */
export async function runDesktopApp(paths: DesktopPaths, initialStore: string | undefined): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(paths.root, 'renderer', 'dist')));
  const recentFile = join(app.getPath('userData'), 'recent-stores.json');
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  let recent = await loadRecent(recentFile);
  let states: WindowStates = await loadWindowStates(stateFile);
  const windows = new StoreWindows<StoreWindow>();
  const byContents = new Map<number, StoreWindow>();
  registerEngineHandlers(ipcMain, (id) => {
    const link = byContents.get(id)?.link;
    return link && ((method, args) => link.call(method, args));
  });

  const focused = (): StoreWindow | undefined => {
    const win = BrowserWindow.getFocusedWindow();
    return win ? [...byContents.values()].find((w) => w.win === win) : undefined;
  };

  const refreshMenu = () => {
    const current = focused();
    const store = current && windows.storeOf(current);
    const template = buildMenuTemplate({
      openFolder: () => void pickFolder(),
      openSqlite: () => void pickSqlite(),
      openRecent: (s) => void open(s, focused()),
      revealStore: () => { const p = store && storePath(store); if (p) shell.showItemInFolder(p); },
      quit: () => app.quit(),
      command: (c: ShellCommand) => { const w = focused()?.win; if (w && !w.isDestroyed()) w.webContents.send(COMMAND_CHANNEL, c); },
      openExternal: (url) => { if (isExternalLink(url)) void shell.openExternal(url); },
    }, recent, store, process.platform === 'darwin');
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const rememberPlace = (sw: StoreWindow) => {
    const store = windows.storeOf(sw);
    if (!store || sw.win.isDestroyed()) return;
    states = withWindowState(states, store, { bounds: sw.win.getNormalBounds(), maximized: sw.win.isMaximized(), fullScreen: sw.win.isFullScreen() });
    void saveWindowStates(stateFile, states).catch(() => undefined);
  };

  function newWindow(store: string): StoreWindow {
    const saved = restoreWindowState(states, store, screen.getAllDisplays().map((d) => d.workArea));
    const win = new BrowserWindow(mainWindowOptions(join(paths.bundleDir, 'preload.cjs'), saved.bounds));
    const sw: StoreWindow = { win };
    byContents.set(win.webContents.id, sw);
    lockDown(win);
    win.once('ready-to-show', () => {
      if (saved.maximized) win.maximize();
      if (saved.fullScreen) win.setFullScreen(true);
      win.show();
    });
    win.on('focus', refreshMenu);
    win.on('close', () => rememberPlace(sw));
    win.on('closed', () => {
      byContents.delete(win.webContents.id);
      windows.forget(sw);
      sw.link?.close();
      void sw.engine?.stop();
      refreshMenu();
    });
    return sw;
  }

  /** Opens a store: focuses its window if open, else loads it in `from` or in a new window. */
  async function open(spec: string, from: StoreWindow | undefined): Promise<void> {
    const store = canonicalStore(spec, process.cwd());
    const decision = windows.decide(store, from);
    if (decision.action === 'focus') {
      if (decision.window.win.isMinimized()) decision.window.win.restore();
      decision.window.win.focus();
      return;
    }
    const sw = decision.action === 'replace' ? decision.window : newWindow(store);
    if (decision.action === 'replace') rememberPlace(sw);
    sw.link?.close();
    await sw.engine?.stop();
    sw.link = undefined;
    sw.engine = undefined;
    windows.set(store, sw);
    try {
      const seed = store === defaultStoreSpec() ? join(paths.root, 'fixtures', 'demo') : undefined;
      sw.engine = await startEngineProcess({ root: paths.root, store, ...(seed ? { seed } : {}) });
    } catch (err) {
      windows.forget(sw);
      dialog.showErrorBox('xds-sandbox could not open the store', `${store}\n\n${(err as Error).message}`);
      if (decision.action === 'new') sw.win.close();
      return;
    }
    sw.link = createEngineLink(sw.engine.url);
    sw.link.onEvent((event) => pushEvent(sw.win.isDestroyed() ? undefined : sw.win.webContents, event));
    recent = withRecent(recent, store);
    await saveRecent(recentFile, recent).catch(() => undefined);
    const path = storePath(store);
    if (path) app.addRecentDocument(path);
    sw.win.setTitle(`xds-sandbox — ${store}`);
    refreshMenu();
    await sw.win.loadURL(APP_ENTRY_URL);
  }

  async function pickFolder(): Promise<void> {
    const from = focused();
    const r = from ? await dialog.showOpenDialog(from.win, { title: 'Open a folder of YAML', properties: ['openDirectory', 'createDirectory'] }) : undefined;
    if (r && !r.canceled && r.filePaths[0]) await open(r.filePaths[0], from);
  }

  async function pickSqlite(): Promise<void> {
    const from = focused();
    const r = from ? await dialog.showSaveDialog(from.win, {
      title: 'Open or create a SQLite store', buttonLabel: 'Open', filters: [{ name: 'SQLite store', extensions: ['db', 'sqlite'] }], properties: ['createDirectory'],
    }) : undefined;
    if (r && !r.canceled && r.filePath) await open(`sqlite:${r.filePath}`, from);
  }

  app.on('second-instance', (_event, argv, cwd, data) => {
    const asked = (data as LaunchRequest | undefined)?.store ?? launchRequest(argv, cwd).store;
    if (asked) void open(asked, undefined);
    else focused()?.win.focus() ?? [...byContents.values()][0]?.win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    for (const sw of byContents.values()) {
      sw.link?.close();
      void sw.engine?.stop();
    }
  });
  refreshMenu();
  await open(initialStore ?? recent[0] ?? defaultStoreSpec(), undefined);
}

/** Keeps the window on the app: no navigation away; http(s) links, in place or in a new window, open in the system browser. */
function lockDown(win: BrowserWindow): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    const action = navigationAction(url);
    if (action === 'stay') return;
    event.preventDefault();
    if (action === 'external') void shell.openExternal(url);
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', (event, url) => { if (navigationAction(url) !== 'stay') event.preventDefault(); });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (navigationAction(url) === 'external') void shell.openExternal(url);
    return { action: 'deny' };
  });
}
