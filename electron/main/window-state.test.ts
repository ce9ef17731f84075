import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEY, FIRST_WINDOW, loadWindowStates, restoreWindowState, saveWindowStates, withWindowState, type WindowState } from './window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1050 };
const second = { x: 1920, y: 0, width: 1280, height: 1000 };
const state = (x: number, y: number, width = 1200, height = 800, maximized = false): WindowState => ({ bounds: { x, y, width, height }, maximized, fullScreen: false });

describe('window state', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'win-state-')); });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is remembered per store and survives a restart', async () => {
    const file = join(dir, 'window-state.json');
    const states = withWindowState(withWindowState({}, '/a', state(10, 20)), '/b', state(2000, 30, 1000, 700, true));
    await saveWindowStates(file, states);
    const loaded = await loadWindowStates(file);
    expect(restoreWindowState(loaded, '/a', [screen, second])).toEqual(state(10, 20));
    expect(restoreWindowState(loaded, '/b', [screen, second])).toEqual(state(2000, 30, 1000, 700, true));
  });

  it('opens a store never seen before like the last window closed', () => {
    const states = withWindowState({}, '/a', state(100, 100));
    expect(states[DEFAULT_KEY]).toEqual(state(100, 100));
    expect(restoreWindowState(states, '/new', [screen])).toEqual(state(100, 100));
  });

  it('brings a window saved on a display that is gone back onto the primary display, centred', () => {
    const states = withWindowState({}, '/a', state(2500, 100));
    expect(restoreWindowState(states, '/a', [screen]).bounds).toEqual({ x: 360, y: 125, width: 1200, height: 800 });
  });

  it('shrinks a window larger than its display and keeps it inside', () => {
    const states = withWindowState({}, '/a', state(-50, -20, 3000, 2000));
    expect(restoreWindowState(states, '/a', [screen]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1050 });
  });

  it('centres the first window and ignores a malformed file', async () => {
    expect(restoreWindowState({}, '/a', [screen]).bounds).toEqual({ x: 260, y: 75, width: 1400, height: 900 });
    expect(restoreWindowState({}, '/a', [])).toBe(FIRST_WINDOW);
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"/a": {"bounds": {"x": "no"}}, "/b": 3}');
    expect(await loadWindowStates(file)).toEqual({});
    expect(await loadWindowStates(join(dir, 'missing.json'))).toEqual({});
  });
});
