import { describe, expect, it } from 'vitest';
import { canonicalStore, launchRequest, StoreWindows } from './store-windows';

describe('one window per store', () => {
  it('names a store the same way whatever the working directory and spelling', () => {
    expect(canonicalStore('./yaml/', '/home/u')).toBe('/home/u/yaml');
    expect(canonicalStore('/home/u/yaml', '/tmp')).toBe('/home/u/yaml');
    expect(canonicalStore('sqlite:data/s.db', '/home/u')).toBe('sqlite:/home/u/data/s.db');
    expect(canonicalStore('sqlite:/a/../b/s.db', '/x')).toBe('sqlite:/b/s.db');
    expect(canonicalStore('memory:', '/x')).toBe('memory:');
  });

  it('reads the store of a second launch from its arguments', () => {
    expect(launchRequest(['electron', 'main.cjs', '--store=./cfg'], '/work')).toEqual({ store: '/work/cfg' });
    expect(launchRequest(['electron', 'main.cjs'], '/work')).toEqual({});
  });

  it('focuses the window of a store already open instead of opening it twice', () => {
    const windows = new StoreWindows<string>();
    windows.set('/a', 'win1');
    expect(windows.decide('/a', undefined)).toEqual({ action: 'focus', window: 'win1' });
    expect(windows.decide('/a', 'win2')).toEqual({ action: 'focus', window: 'win1' });
  });

  it('opens another store in the asking window, or in a new one for a second launch', () => {
    const windows = new StoreWindows<string>();
    windows.set('/a', 'win1');
    expect(windows.decide('/b', 'win1')).toEqual({ action: 'replace', window: 'win1' });
    expect(windows.decide('/b', undefined)).toEqual({ action: 'new' });
  });

  it('keeps one store per window and forgets closed windows', () => {
    const windows = new StoreWindows<string>();
    windows.set('/a', 'win1');
    windows.set('/b', 'win1');
    expect(windows.stores()).toEqual(['/b']);
    expect(windows.storeOf('win1')).toBe('/b');
    windows.forget('win1');
    expect(windows.windowOf('/b')).toBeUndefined();
    expect(windows.decide('/b', undefined)).toEqual({ action: 'new' });
  });
});
