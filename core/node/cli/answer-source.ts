// Where `check`, `route` and `translate` get their answer: from the `serve` that holds the store (the answer its UI
// shows, with its memory of last accepted versions), or from one offline pass, said in one line on standard error.
import { Option } from 'commander';
import { findRunningServe, servingPid, type ServeEndpoint } from './serve-endpoint';

/** The `--offline` option: evaluate the store once here even when a serve holds it. */
export function offlineOption(): Option {
  return new Option('--offline', 'evaluate the store here in one pass, even when a running serve holds it');
}

/** The running serve to ask for a store, or undefined after saying on stderr that the answer is an offline evaluation. */
export function chooseAnswerSource(storeSpec: string, offline: boolean, why?: string): ServeEndpoint | undefined {
  const serve = offline || why ? undefined : findRunningServe(storeSpec);
  if (serve) {
    process.stderr.write(`answer from the serve running on ${storeSpec} (pid ${serve.pid}), as its UI shows it\n`);
    return serve;
  }
  process.stderr.write(`${offlineNote(storeSpec, offline, why)}\n`);
  return undefined;
}

/** The one line that says an answer is an offline evaluation, and why no serve was asked. */
export function offlineNote(storeSpec: string, offline: boolean, why?: string): string {
  const head = `offline evaluation: one pass over ${storeSpec} as it is now, with no memory of earlier accepted versions`;
  if (offline) return `${head} (--offline)`;
  const pid = servingPid(storeSpec);
  if (why && pid !== undefined) return `${head} (the serve running on it, pid ${pid}, is not asked: ${why})`;
  if (pid !== undefined) return `${head} (the serve running on it, pid ${pid}, has no API to ask: it runs with --no-ui)`;
  return `${head} (no serve is running on it)`;
}
