// The application menu with the usual shortcuts: File (Open Folder…, Open/Create SQLite Store…, Recent Stores,
// Reveal, Close Window, Quit), Edit, View (reload, zoom, full screen, presenter mode), Teaching (pause, step by
// stage, step a pass, guided tour), Window and Help (keyboard shortcuts, Gloo documentation). Plain data, so it
// tests without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../../core/common/api/shell-commands';

/** What the menu items do. */
export interface MenuActions {
  openFolder(): void;
  openSqlite(): void;
  openRecent(store: string): void;
  revealStore(): void;
  quit(): void;
  /** Sends a command to the focused window's page. */
  command(command: ShellCommand): void;
  /** Opens a web page in the system browser. */
  openExternal(url: string): void;
}

/** Gloo Edge's documentation, opened from Help. */
export const DOCS_URL = 'https://docs.solo.io/gloo-edge/latest/';

/** The menu template for the current store and recent list. */
export function buildMenuTemplate(actions: MenuActions, recent: readonly string[], currentStore: string | undefined, isMac: boolean): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((store) => ({ label: store, enabled: store !== currentStore, click: () => actions.openRecent(store) }))
    : [{ label: 'No recent stores', enabled: false }];
  const send = (command: ShellCommand) => () => actions.command(command);
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: actions.openFolder },
      { label: 'Open/Create SQLite Store…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openSqlite },
      { label: 'Recent Stores', submenu: recentItems },
      { type: 'separator' },
      { label: 'Reveal in File Manager', enabled: currentStore !== undefined && !currentStore.startsWith('memory:'), click: actions.revealStore },
      { type: 'separator' },
      { label: 'Close Window', accelerator: 'CmdOrCtrl+W', role: 'close' },
      ...(isMac ? [] : [{ label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit }]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Find Object…', accelerator: 'CmdOrCtrl+F', click: send('find') },
      { type: 'separator' },
      { label: 'Reload', accelerator: 'CmdOrCtrl+R', role: 'reload' },
      { label: 'Toggle Developer Tools', accelerator: isMac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', role: 'toggleDevTools' },
      { type: 'separator' },
      { label: 'Actual Size', accelerator: 'CmdOrCtrl+0', role: 'resetZoom' },
      { label: 'Zoom In', accelerator: 'CmdOrCtrl+Plus', role: 'zoomIn' },
      { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', role: 'zoomOut' },
      { type: 'separator' },
      { label: 'Presenter Mode', accelerator: 'CmdOrCtrl+Shift+P', click: send('presenter') },
      { label: 'Hide Header', accelerator: 'CmdOrCtrl+Shift+H', click: send('hide-chrome') },
      { label: 'Toggle Full Screen', accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11', role: 'togglefullscreen' },
    ],
  };
  const teaching: MenuItemConstructorOptions = {
    label: 'Teaching',
    submenu: [
      { label: 'Pause / Resume the Loop', accelerator: 'CmdOrCtrl+Shift+Space', click: send('toggle-pause') },
      { label: 'Step One Stage', accelerator: 'CmdOrCtrl+Right', click: send('step-stage') },
      { label: 'Step a Whole Pass', accelerator: 'CmdOrCtrl+Shift+Right', click: send('step-pass') },
      { type: 'separator' },
      { label: 'Guided Tour', click: send('tour') },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: send('shortcuts') },
      { label: 'Gloo Edge Documentation', click: () => actions.openExternal(DOCS_URL) },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    view,
    teaching,
    { role: 'windowMenu' },
    help,
  ];
}
