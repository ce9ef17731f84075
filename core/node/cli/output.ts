// What the commands print: machine formats (JSON, and YAML without anchors or folded lines, always ending in a newline) and
// colour for people (only on a terminal, never with NO_COLOR, never in machine output).
import { stringify } from 'yaml';

/** A machine format every command with `-o` can print. */
export type MachineFormat = 'json' | 'yaml';

/** Whether an `-o` value is a machine format (JSON or YAML). */
export function isMachineFormat(format: string): format is MachineFormat {
  return format === 'json' || format === 'yaml';
}

/** Pretty JSON ending in a newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** One YAML document ending in a newline: repeated objects are written out again (no `&a1`/`*a1`), long strings stay on one line. */
export function toYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** A value in a machine format. */
export function formatMachine(format: MachineFormat, value: unknown): string {
  return format === 'json' ? toJson(value) : toYaml(value);
}

/** The text with exactly one final newline (none added to an empty text). */
export function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n';
}

/** The environment variables that decide colour. */
export interface ColourEnv {
  readonly NO_COLOR?: string;
  readonly FORCE_COLOR?: string;
}

/**
 * Whether to colour what goes to a stream: never when NO_COLOR is set to anything but the empty string (no-color.org),
 * always when FORCE_COLOR is set and not `0`/`false`, else when the stream is a terminal that has colours (TERM not dumb).
 */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout, env: ColourEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}

/** The colours the CLI uses. */
export type Colour = 'green' | 'yellow' | 'red' | 'dim' | 'bold' | 'cyan';

const SGR: Readonly<Record<Colour, [number, number]>> = { green: [32, 39], yellow: [33, 39], red: [31, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] };

/** The text in a colour when `on`, else the text unchanged. */
export function paint(text: string, colour: Colour, on: boolean): string {
  if (!on || text === '') return text;
  const [open, close] = SGR[colour];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** The colour of an object state or line label (Accepted green, Warning yellow, Rejected and Error red, Pending dim). */
export function stateColour(state: string): Colour | undefined {
  switch (state) {
    case 'Accepted': return 'green';
    case 'Warning': return 'yellow';
    case 'Rejected': case 'Error': return 'red';
    case 'Pending': return 'dim';
    default: return undefined;
  }
}

/** Each line that starts with a state word (`Rejected  VirtualService …`) with that word coloured; other lines unchanged. */
export function paintLeadingStates(text: string, on: boolean): string {
  if (!on) return text;
  return text.replace(/^(Accepted|Warning|Rejected|Pending|Error)\b/gm, (word) => paint(word, stateColour(word)!, true));
}
