// How `check` prints its report: JSON or YAML (the contract of docs/cli.md), or text for people, coloured on a terminal;
// `--problems` keeps only what needs attention (Rejected, then Warning, then file errors), with the summary of everything.
import { formatCheckText, type CheckReport, type CheckedResource } from '../../../common/loop/check-report';
import { colourEnabled, formatMachine, isMachineFormat, paintLeadingStates } from '../output';

/** What `check` prints for a report in a format (`text`, `json`, `yaml`), all of it or only the problems. */
export function formatCheck(report: CheckReport, format: string, problemsOnly: boolean): string {
  const shown = problemsOnly ? problemsOf(report) : report;
  if (isMachineFormat(format)) return formatMachine(format, shown);
  return paintLeadingStates(formatCheckText(shown), colourEnabled());
}

/** The report with only Rejected objects, then Warnings; the file errors and the summary (which counts every object) stay. */
export function problemsOf(report: CheckReport): CheckReport {
  const having = (state: CheckedResource['state']) => report.resources.filter((r) => r.state === state);
  return { ...report, resources: [...having('Rejected'), ...having('Warning')] };
}
