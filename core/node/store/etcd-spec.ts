// The `etcd:` store spec: `etcd:http://HOST:PORT[,http://HOST2:PORT...][/prefix]`, parsed into endpoints and a key prefix.
import { StorageError } from '../../common/model/errors';

/** Where an etcd store lives: its endpoints and the key prefix its objects sit under. */
export interface EtcdSpec {
  /** Client URLs, `http://HOST:PORT` each. */
  readonly endpoints: readonly string[];
  /** Key prefix without a trailing slash, e.g. `/xds-sandbox` (the default) or `/team-a`. */
  readonly prefix: string;
}

/** The prefix used when the spec names none. */
export const DEFAULT_ETCD_PREFIX = '/xds-sandbox';

const USAGE = 'use etcd:http://HOST:PORT[,http://HOST2:PORT][/prefix], e.g. etcd:http://127.0.0.1:2379/team-a';

/** Parses what follows `etcd:`; StorageError saying what is wrong and the form to use. */
export function parseEtcdSpec(rest: string): EtcdSpec {
  if (!rest) throw new StorageError(`etcd: needs an endpoint; ${USAGE}`);
  const parts = rest.split(',');
  const endpoints: string[] = [];
  let prefix = '';
  parts.forEach((part, i) => {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new StorageError(`etcd:${rest}: "${part}" is not a URL; ${USAGE}`);
    }
    if (url.protocol !== 'http:') throw new StorageError(`etcd:${rest}: "${part}" must start with http:// (TLS endpoints are not supported); ${USAGE}`);
    if (!url.port) throw new StorageError(`etcd:${rest}: "${part}" needs a port (etcd listens on 2379 by default); ${USAGE}`);
    if (url.search || url.hash || url.username) throw new StorageError(`etcd:${rest}: "${part}" may carry only a host, a port and (last) a prefix; ${USAGE}`);
    const path = url.pathname.replace(/\/+$/, '');
    if (path && i !== parts.length - 1) throw new StorageError(`etcd:${rest}: only the last endpoint may carry the /prefix; ${USAGE}`);
    if (path) {
      try {
        prefix = decodeURIComponent(path);
      } catch {
        throw new StorageError(`etcd:${rest}: the prefix "${path}" has a bad %-escape; ${USAGE}`);
      }
    }
    endpoints.push(`http://${url.host}`);
  });
  return { endpoints, prefix: prefix || DEFAULT_ETCD_PREFIX };
}
