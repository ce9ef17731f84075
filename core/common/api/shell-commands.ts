// Commands a desktop shell's menu sends to the UI (the UI does the same on its own keyboard shortcuts).
// Part of the shell contract beside EngineApi: the page never receives anything else from the shell.

/** Every command a shell may send. */
export const SHELL_COMMANDS = ['toggle-pause', 'step-stage', 'step-pass', 'presenter', 'hide-chrome', 'shortcuts', 'tour', 'find'] as const;

/** One shell command. */
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

/** Whether a value is a known shell command (the page ignores anything else). */
export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (SHELL_COMMANDS as readonly string[]).includes(value);
}
