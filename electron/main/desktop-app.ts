// The desktop shell: one window on app://, the engine as a child `serve` process reached over its HTTP API,
// IPC handlers per EngineApi method, and the File menu that switches stores.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, shell } from 'electron';
import { join } from 'node:path';
import { createAppProtocolHandler } from './app-protocol';
import { createEngineLink, type EngineLink } from './engine-link';
import { startEngineProcess, type EngineProcess } from './engine-process';
import { pushEvent, registerEngineHandlers } from './ipc-relay';
import { buildMenuTemplate } from './menu-template';
import { defaultStoreSpec, loadRecent, saveRecent, storePath, withRecent } from './stores';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, isExternalLink, mainWindowOptions } from '../shared/security';

/** Where the app's files are. */
export interface DesktopPaths {
  /** Package root: bin/, renderer/dist/, fixtures/demo/. */
  readonly root: string;
  /** Folder of the bundled main and preload scripts. */
  readonly bundleDir: string;
}

/** Registers the app:// scheme as privileged; must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Starts the shell on `initialStore` (the recent or default store when undefined). */
export async function runDesktopApp(paths: DesktopPaths, initialStore: string | undefined): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(paths.root, 'renderer', 'dist')));
  const recentFile = join(app.getPath('userData'), 'recent-stores.json');
  let recent = await loadRecent(recentFile);
  let engine: EngineProcess | undefined;
  let link: EngineLink | undefined;
  let store: string | undefined;

  const win = new BrowserWindow(mainWindowOptions(join(paths.bundleDir, 'preload.cjs')));
  lockDown(win);
  win.once('ready-to-show', () => win.show());
  registerEngineHandlers(ipcMain, () => link && ((method, args) => link!.call(method, args)));

  const refreshMenu = () => {
    const template = buildMenuTemplate({
      openFolder: () => void pickFolder(),
      openSqlite: () => void pickSqlite(),
      openRecent: (s) => void openStore(s),
      revealStore: () => { const p = store && storePath(store); if (p) shell.showItemInFolder(p); },
      quit: () => app.quit(),
    }, recent, store, process.platform === 'darwin');
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  async function openStore(spec: string): Promise<void> {
    link?.close();
    await engine?.stop();
    link = undefined;
    try {
      const seed = spec === defaultStoreSpec() ? join(paths.root, 'fixtures', 'demo') : undefined;
      engine = await startEngineProcess({ root: paths.root, store: spec, ...(seed ? { seed } : {}) });
    } catch (err) {
      dialog.showErrorBox('xds-sandbox could not open the store', `${spec}\n\n${(err as Error).message}`);
      return;
    }
    link = createEngineLink(engine.url);
    link.onEvent((event) => pushEvent(win.webContents, event));
    store = spec;
    recent = withRecent(recent, spec);
    await saveRecent(recentFile, recent).catch(() => undefined);
    const path = storePath(spec);
    if (path) app.addRecentDocument(path);
    refreshMenu();
    win.setTitle(`xds-sandbox — ${spec}`);
    await win.loadURL(APP_ENTRY_URL);
  }

  async function pickFolder(): Promise<void> {
    const r = await dialog.showOpenDialog(win, { title: 'Open a folder of YAML', properties: ['openDirectory', 'createDirectory'] });
    if (!r.canceled && r.filePaths[0]) await openStore(r.filePaths[0]);
  }

  async function pickSqlite(): Promise<void> {
    const r = await dialog.showSaveDialog(win, {
      title: 'Open or create a SQLite store', buttonLabel: 'Open', filters: [{ name: 'SQLite store', extensions: ['db', 'sqlite'] }], properties: ['createDirectory'],
    });
    if (!r.canceled && r.filePath) await openStore(`sqlite:${r.filePath}`);
  }

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => { link?.close(); void engine?.stop(); });
  refreshMenu();
  await openStore(initialStore ?? recent[0] ?? defaultStoreSpec());
}

/** Keeps the window on the app: no navigation away, new windows denied (http links go to the system browser). */
function lockDown(win: BrowserWindow): void {
  win.webContents.on('will-navigate', (event, url) => { if (!isAppUrl(url)) event.preventDefault(); });
  win.webContents.on('will-redirect', (event, url) => { if (!isAppUrl(url)) event.preventDefault(); });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
