// The application menu: File (Open Folder…, Open/Create SQLite Store…, Recent Stores, Reveal in File Manager),
// Edit, View and Window. Built as plain data so it tests without Electron.
import type { MenuItemConstructorOptions } from 'electron';

/** What the File menu items do. */
export interface MenuActions {
  openFolder(): void;
  openSqlite(): void;
  openRecent(store: string): void;
  revealStore(): void;
  quit(): void;
}

/** The menu template for the current store and recent list. */
export function buildMenuTemplate(actions: MenuActions, recent: readonly string[], currentStore: string | undefined, isMac: boolean): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((store) => ({ label: store, enabled: store !== currentStore, click: () => actions.openRecent(store) }))
    : [{ label: 'No recent stores', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: actions.openFolder },
      { label: 'Open/Create SQLite Store…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openSqlite },
      { label: 'Recent Stores', submenu: recentItems },
      { type: 'separator' },
      { label: 'Reveal in File Manager', enabled: currentStore !== undefined && !currentStore.startsWith('memory:'), click: actions.revealStore },
      ...(isMac ? [] : [{ type: 'separator' as const }, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit }]),
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
