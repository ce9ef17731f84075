// `xds-sandbox crds`: the CustomResourceDefinitions of every kind, for `xds-sandbox crds | kubectl apply -f -`.
import type { Command } from 'commander';
import { crdsYaml } from '../../store/kube-crds';

/** Registers `crds`: prints every kind's CRD as one YAML stream. */
export function registerCrdsCommand(program: Command): Command {
  return program.command('crds')
    .description('print the Kubernetes CustomResourceDefinitions of every kind (pipe into `kubectl apply -f -` to use a cluster as a kube: store)')
    .action(() => {
      process.stdout.write(crdsYaml());
    });
}
