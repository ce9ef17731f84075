// The main window's size and place, remembered per store in a JSON file and restored on a display that
// still exists (a window saved on an unplugged monitor comes back on the primary one).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A rectangle in screen coordinates. */
export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What is remembered of a window. */
export interface WindowState {
  /** Place and size of the window when it was neither maximized nor full screen. */
  readonly bounds: Bounds;
  readonly maximized: boolean;
  readonly fullScreen: boolean;
}

/** Saved states by store spec; `DEFAULT_KEY` holds the last window closed, for stores never opened before. */
export type WindowStates = Readonly<Record<string, WindowState>>;

/** The key of the state used for a store without one of its own. */
export const DEFAULT_KEY = '*';

/** The size of a first window. */
export const FIRST_WINDOW: WindowState = { bounds: { x: 0, y: 0, width: 1400, height: 900 }, maximized: false, fullScreen: false };

/** The smallest window restored. */
const MIN_SIZE = { width: 900, height: 600 };

/** Reads the saved states; an unreadable or malformed file is no states. */
export async function loadWindowStates(file: string): Promise<WindowStates> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, WindowState] => isWindowState(e[1])));
  } catch {
    return {};
  }
}

/** Writes the states. */
export async function saveWindowStates(file: string, states: WindowStates): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(states, null, 2));
}

/** The states with `state` recorded for `store` and as the default for new stores. */
export function withWindowState(states: WindowStates, store: string, state: WindowState): WindowStates {
  return { ...states, [store]: state, [DEFAULT_KEY]: state };
}

/**
 * The state to open a store's window with, fitted to the displays' work areas: a window that no longer
 * overlaps any display by at least 100 × 50 px is centred on the first (primary) display, and a window larger
 * than its display shrinks to it.
 */
export function restoreWindowState(states: WindowStates, store: string, workAreas: readonly Bounds[]): WindowState {
  const saved = states[store] ?? states[DEFAULT_KEY] ?? FIRST_WINDOW;
  const area = workAreas.find((a) => overlaps(a, saved.bounds)) ?? workAreas[0];
  if (!area) return saved;
  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, area.height), area.height);
  const visible = overlaps(area, saved.bounds) && saved !== FIRST_WINDOW;
  const x = visible ? clamp(saved.bounds.x, area.x, area.x + area.width - width) : area.x + Math.round((area.width - width) / 2);
  const y = visible ? clamp(saved.bounds.y, area.y, area.y + area.height - height) : area.y + Math.round((area.height - height) / 2);
  return { ...saved, bounds: { x, y, width, height } };
}

function overlaps(a: Bounds, b: Bounds): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w >= 100 && h >= 50;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function isWindowState(v: unknown): v is WindowState {
  const s = v as Partial<WindowState> | null;
  const b = s?.bounds as Partial<Bounds> | undefined;
  return !!s && !!b && [b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n))
    && typeof s.maximized === 'boolean' && typeof s.fullScreen === 'boolean';
}
