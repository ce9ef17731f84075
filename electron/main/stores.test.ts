import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from './menu-template';
import { defaultStorePath, defaultStoreSpec, storeFromArgs, storePath, withRecent, MAX_RECENT } from './stores';

describe('stores', () => {
  it('put the default store in the XDG data folder', () => {
    expect(defaultStorePath({ XDG_DATA_HOME: '/data' }, '/home/u')).toBe('/data/xds-sandbox/sandbox.db');
    expect(defaultStorePath({}, '/home/u')).toBe('/home/u/.local/share/xds-sandbox/sandbox.db');
    expect(defaultStoreSpec({}, '/home/u')).toBe('sqlite:/home/u/.local/share/xds-sandbox/sandbox.db');
  });

  it('keep recent stores newest first, unique and bounded', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i++) list = withRecent(list, `/s${i % 12}`);
    expect(list[0]).toBe('/s2');
    expect(new Set(list).size).toBe(list.length);
    expect(list.length).toBe(MAX_RECENT);
  });

  it('find the path of a store and the store asked for on the command line', () => {
    expect(storePath('sqlite:/a/b.db')).toBe('/a/b.db');
    expect(storePath('/yaml')).toBe('/yaml');
    expect(storePath('memory:')).toBeUndefined();
    expect(storeFromArgs(['electron', 'main.cjs', '--store=/yaml'], {})).toBe('/yaml');
    expect(storeFromArgs([], { XDS_SANDBOX_STORE: 'memory:' })).toBe('memory:');
  });
});

describe('menu', () => {
  const clicked: string[] = [];
  const actions: MenuActions = {
    openFolder: () => clicked.push('folder'), openSqlite: () => clicked.push('sqlite'), openRecent: (s) => clicked.push(`recent ${s}`),
    revealStore: () => clicked.push('reveal'), quit: () => clicked.push('quit'),
  };

  it('offers Open Folder, Open/Create SQLite Store, Recent Stores and Reveal in File Manager', () => {
    const [file] = buildMenuTemplate(actions, ['/a', '/b'], '/a', false);
    expect(file.submenu!.filter((i) => i.label).map((i) => i.label)).toEqual(['Open Folder…', 'Open/Create SQLite Store…', 'Recent Stores', 'Reveal in File Manager', 'Quit']);
    const recent = file.submenu!.find((i) => i.label === 'Recent Stores')!.submenu!;
    expect(recent.map((i) => [i.label, i.enabled])).toEqual([['/a', false], ['/b', true]]);
    recent[1].click!();
    expect(clicked).toEqual(['recent /b']);
  });

  it('disables Reveal for memory stores and uses the app menu on macOS', () => {
    const template = buildMenuTemplate(actions, [], 'memory:', true);
    expect(template[0].role).toBe('appMenu');
    const file = template[1];
    expect(file.submenu!.find((i) => i.label === 'Reveal in File Manager')!.enabled).toBe(false);
    expect(file.submenu!.find((i) => i.label === 'Recent Stores')!.submenu![0]).toMatchObject({ label: 'No recent stores', enabled: false });
  });
});
