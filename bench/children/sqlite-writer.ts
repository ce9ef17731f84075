// A separate process writing to a SQLite store, as another tool would: reads one JSON object per stdin line,
// writes it through the store client, answers `ok` (or `error: …`) per line.
import { createInterface } from 'node:readline';
import type { Resource } from '../../core/common/model/resource';
import { openStore } from '../../core/node/store/open-store';

async function main(): Promise<void> {
  const spec = process.argv[2];
  if (!spec?.startsWith('sqlite:')) throw new Error('usage: sqlite-writer.ts sqlite:PATH');
  const store = await openStore(spec, { watch: false });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    try {
      const obj = JSON.parse(line) as Resource;
      await store.client(obj.kind).write(obj, { overwrite: true });
      process.stdout.write('ok\n');
    } catch (err) {
      process.stdout.write(`error: ${(err as Error).message.replace(/\n/g, ' ')}\n`);
    }
  }
  await store.close();
}

main().catch((err) => {
  process.stderr.write(`sqlite-writer: ${(err as Error).message}\n`);
  process.exit(1);
});
