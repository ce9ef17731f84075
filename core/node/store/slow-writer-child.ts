// A separate process writing a file in two steps the way copy tools that keep times do, for the watch tests (run with
// `node --import tsx`). Usage: slow-writer-child.ts SRC DEST CUT. Writes the first CUT bytes of SRC to DEST, stamps it
// with the time of that write and prints `partial`; on a line from standard input it writes the rest and stamps it
// with the same modification time again (as `cp -p` or `rsync -t` do), so a watcher that compares modification times
// sees no change after the first write; then prints `done`.
import { closeSync, futimesSync, openSync, readFileSync, writeSync } from 'node:fs';
import { once } from 'node:events';

const [src, dest, cutArg] = process.argv.slice(2);
const bytes = readFileSync(src);
const cut = Number(cutArg);
const fd = openSync(dest, 'w');
writeSync(fd, bytes, 0, cut);
const firstWrite = Date.now() / 1000;
await new Promise((r) => setTimeout(r, 20)); // apart from the write, so a watcher sees this stamp as a change of its own
futimesSync(fd, firstWrite, firstWrite);
process.stdout.write('partial\n');
await once(process.stdin, 'data');
writeSync(fd, bytes, cut, bytes.length - cut);
futimesSync(fd, Date.now() / 1000, firstWrite);
closeSync(fd);
process.stdout.write('done\n');
process.stdin.destroy();
