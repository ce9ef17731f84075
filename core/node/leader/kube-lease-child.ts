// A child process for the Lease election tests: campaigns on a cluster (argv: kubeconfig, lease seconds, namespace) and prints
// `leading` once it leads, so a test can kill it with SIGKILL as a leader that dies.
import { KubeLeaseElector } from './kube-lease';

const [kubeconfig, leaseSeconds, namespace] = process.argv.slice(2);
const elector = new KubeLeaseElector({ kubeconfig, namespace, leaseSeconds: Number(leaseSeconds) });
elector.onChange((s) => {
  if (s.isLeader) process.stdout.write('leading\n');
});
await elector.start();
if (elector.isLeader()) process.stdout.write('leading\n');
