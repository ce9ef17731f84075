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
    command: (c) => clicked.push(`command ${c}`), openExternal: (u) => clicked.push(`open ${u}`),
  };

  it('offers Open Folder, Open/Create SQLite Store, Recent Stores and Reveal in File Manager', () => {
    const [file] = buildMenuTemplate(actions, ['/a', '/b'], '/a', false);
    expect(file.submenu!.filter((i) => i.label).map((i) => i.label)).toEqual(['Open Folder…', 'Open/Create SQLite Store…', 'Recent Stores', 'Reveal in File Manager', 'Close Window', 'Quit']);
    const recent = file.submenu!.find((i) => i.label === 'Recent Stores')!.submenu!;
    expect(recent.map((i) => [i.label, i.enabled])).toEqual([['/a', false], ['/b', true]]);
    clicked.length = 0;
    recent[1].click!();
    expect(clicked).toEqual(['recent /b']);
  });

  it('has the usual shortcuts, each used once', () => {
    const items = buildMenuTemplate(actions, [], '/a', false).flatMap((m) => m.submenu ?? []);
    const accelerators = items.flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
    const byLabel = new Map(items.map((i) => [i.label, i]));
    expect(byLabel.get('Open Folder…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel.get('Quit')?.accelerator).toBe('CmdOrCtrl+Q');
    expect(byLabel.get('Zoom In')).toMatchObject({ role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' });
    expect(byLabel.get('Toggle Full Screen')).toMatchObject({ role: 'togglefullscreen', accelerator: 'F11' });
  });

  it('sends teaching and view commands to the page and opens documentation in the browser', () => {
    const template = buildMenuTemplate(actions, [], '/a', false);
    const item = (menu: string, label: string) => template.find((m) => m.label === menu)!.submenu!.find((i) => i.label === label)!;
    clicked.length = 0;
    item('Teaching', 'Step One Stage').click!();
    item('Teaching', 'Pause / Resume the Loop').click!();
    item('View', 'Presenter Mode').click!();
    item('Help', 'Keyboard Shortcuts').click!();
    item('Help', 'Gloo Edge Documentation').click!();
    expect(clicked).toEqual(['command step-stage', 'command toggle-pause', 'command presenter', 'command shortcuts', 'open https://docs.solo.io/gloo-edge/latest/']);
  });

  it('disables Reveal for memory stores and uses the app menu on macOS', () => {
    const template = buildMenuTemplate(actions, [], 'memory:', true);
    expect(template[0].role).toBe('appMenu');
    const file = template[1];
    expect(file.submenu!.find((i) => i.label === 'Reveal in File Manager')!.enabled).toBe(false);
    expect(file.submenu!.find((i) => i.label === 'Recent Stores')!.submenu![0]).toMatchObject({ label: 'No recent stores', enabled: false });
  });
});
