// The examples at the end of each command's --help, as kubectl prints them: a comment saying what, then the command.
import type { Command } from 'commander';

/** Per command: [what it does, the command line]. Every command line is one a reader can paste. */
export const HELP_EXAMPLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'xds-sandbox': [
    ['Check a config folder, then serve it', 'xds-sandbox check ./config'],
    ['', 'xds-sandbox serve ./config'],
    ['Ask where a request goes', 'xds-sandbox route ./config --path /api/pets'],
  ],
  serve: [
    ['Serve a config folder over xDS on :18000 and open the UI', 'xds-sandbox serve ./config'],
    ['Serve a SQLite store on a free xDS port, without the UI', 'xds-sandbox serve sqlite:./config.db --xds-port 0 --no-ui'],
    ['Start on a folder that does not exist yet', 'xds-sandbox serve ./new-config --create'],
  ],
  check: [
    ['Check a folder; exit 1 on a Rejected object or a file error', 'xds-sandbox check ./config'],
    ['Only what needs attention, then the summary', 'xds-sandbox check ./config --problems'],
    ['The report as YAML, failing on Warnings too', 'xds-sandbox check ./config -o yaml --strict'],
    ['One pass here, even while a serve holds the folder', 'xds-sandbox check ./config --offline'],
  ],
  translate: [
    ['The Envoy config of every proxy, as JSON', 'xds-sandbox translate ./config'],
    ['One proxy, as YAML', 'xds-sandbox translate ./config --proxy gloo-system~gateway-proxy -o yaml'],
  ],
  route: [
    ['Where a GET to petstore.example.com/api/pets goes', 'xds-sandbox route ./config --host petstore.example.com --path /api/pets'],
    ['A POST with a header, answered as JSON', 'xds-sandbox route ./config --path /api/pets --method POST --header x-canary=true -o json'],
  ],
  get: [
    ['Every VirtualService, with its domains', 'xds-sandbox get vs --store ./config'],
    ['Upstreams of one namespace, with more columns', 'xds-sandbox get us -n gloo-system -o wide --store ./config'],
    ['One object as YAML', 'xds-sandbox get vs petstore -o yaml --store ./config'],
    ['Keep printing VirtualServices as their status changes', 'xds-sandbox get vs -A --watch --store ./config'],
  ],
  apply: [
    ['Create or update the objects of a file', 'xds-sandbox apply -f petstore-vs.yaml --store ./config'],
    ['From standard input', 'cat upstreams.yaml | xds-sandbox apply -f - --store sqlite:./config.db'],
  ],
  delete: [
    ['Delete a VirtualService from whichever namespace has it', 'xds-sandbox delete vs petstore --store ./config'],
    ['Delete an Upstream of one namespace', 'xds-sandbox delete us petstore-v1 -n gloo-system --store ./config'],
  ],
  'demo-backend': [
    ['An echo backend for a first Upstream (127.0.0.1:9000)', 'xds-sandbox demo-backend --port 9000'],
    ['A second one that names itself in its answers', 'xds-sandbox demo-backend --port 9001 --name hello-v2'],
  ],
  diff: [
    ['What the xDS would change between two folders', 'xds-sandbox diff ./config ./config-next'],
    ['The same as YAML', 'xds-sandbox diff ./config ./config-next -o yaml'],
  ],
  bootstrap: [
    ['Run an Envoy fed by a running serve', 'envoy -c <(xds-sandbox bootstrap)'],
    ['A bootstrap for another proxy and port, as JSON', 'xds-sandbox bootstrap --proxy gloo-system~internal-proxy --xds-port 18001 -o json'],
  ],
  changeset: [
    ['Start a changeset, apply to it, review and merge it', 'xds-sandbox changeset create canary'],
    ['', 'xds-sandbox apply -f petstore-vs.yaml --changeset canary'],
    ['', 'xds-sandbox changeset show canary'],
    ['', 'xds-sandbox changeset merge canary'],
  ],
  discover: [
    ['One round of discovery: print what would be written', 'xds-sandbox discover ./config --once'],
    ['One round, writing the Upstreams found', 'xds-sandbox discover ./config --once --write'],
  ],
};

/** The Examples section of a command's help text, or '' when it has none. */
export function examplesText(command: string): string {
  const examples = HELP_EXAMPLES[command];
  if (!examples?.length) return '';
  const lines = examples.map(([what, line]) => (what ? `\n  # ${what}\n  ${line}` : `  ${line}`));
  return `\nExamples:${lines.join('\n')}\n`;
}

/** Adds the Examples section after the program's help and each command's, where it has examples. */
export function addHelpExamples(program: Command): void {
  for (const cmd of [program, ...program.commands]) {
    const text = examplesText(cmd.name());
    if (text) cmd.addHelpText('after', text);
  }
}
