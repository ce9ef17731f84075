// A child process for the leader election tests: campaigns on an etcd (argv: endpoint, election prefix, lease seconds)
// and prints `leading` once it leads, so a test can kill it with SIGKILL as a leader that dies.
import { newEtcdClient } from '../store/etcd-client';
import { EtcdLeaseElector } from './etcd-lease';

const [endpoint, prefix, leaseSeconds] = process.argv.slice(2);
const elector = new EtcdLeaseElector(newEtcdClient([endpoint]), prefix, { leaseSeconds: Number(leaseSeconds) });
elector.onChange((s) => {
  if (s.isLeader) process.stdout.write('leading\n');
});
await elector.start();
if (elector.isLeader()) process.stdout.write('leading\n');
