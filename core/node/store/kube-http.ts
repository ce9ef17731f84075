// A small HTTP client of the Kubernetes API on the user's kubeconfig. @kubernetes/client-node loads the kubeconfig and
// authenticates as kubectl does (bearer tokens, client certificates, exec and auth-provider plugins); the requests
// themselves go through node:http(s) on one keep-alive agent, so status codes and watch streams are ours to read.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import { StorageError } from '../../common/model/errors';

/** Where and as whom to reach a cluster. */
export interface KubeTarget {
  /** A kubeconfig file (default: $KUBECONFIG or ~/.kube/config, as kubectl). */
  readonly kubeconfig?: string;
  /** The context (default: the kubeconfig's current context). */
  readonly context?: string;
}

/** A response: its HTTP status and parsed JSON body (undefined when empty or not JSON). */
export interface KubeResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** The `Status` object the API server answers errors with. */
export interface KubeStatus {
  readonly kind?: 'Status';
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly details?: { readonly name?: string; readonly kind?: string; readonly retryAfterSeconds?: number };
}

/** One line of a watch stream. */
export interface KubeWatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: T;
}

/** An HTTP client of one cluster, as one kubeconfig context reaches it. */
export class KubeHttp {
  readonly server: string;
  readonly context: string;
  /** The context's namespace in the kubeconfig, if it names one. */
  readonly contextNamespace?: string;
  private readonly agent: HttpAgent;

  private constructor(private readonly config: KubeConfig, tls: RequestOptions) {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new StorageError(`kube: the kubeconfig context "${config.getCurrentContext()}" names no cluster`);
    this.server = cluster.server.replace(/\/+$/, '');
    this.context = config.getCurrentContext();
    this.contextNamespace = config.getContextObject(this.context)?.namespace || undefined;
    const secure = this.server.startsWith('https:');
    // No socket limit: every watch holds a connection of its own for minutes (one per kind), and requests must not queue behind them.
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key, pfx: tls.pfx, passphrase: tls.passphrase, servername: tls.servername, ...(tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}) })
      : new HttpAgent({ keepAlive: true });
  }

  /** Loads the kubeconfig and picks the context; StorageError saying what is missing when it cannot. */
  static async connect(target: KubeTarget): Promise<KubeHttp> {
    const config = new KubeConfig();
    try {
      if (target.kubeconfig) config.loadFromFile(target.kubeconfig);
      else config.loadFromDefault();
    } catch (err) {
      throw new StorageError(`kube: cannot read the kubeconfig${target.kubeconfig ? ` ${target.kubeconfig}` : ''}: ${(err as Error).message}`);
    }
    if (target.context) {
      if (!config.getContextObject(target.context)) {
        const known = config.getContexts().map((c) => c.name).join(', ') || 'none';
        throw new StorageError(`kube: no context "${target.context}" in the kubeconfig (contexts: ${known})`);
      }
      config.setCurrentContext(target.context);
    }
    if (!config.getCurrentContext() || !config.getCurrentCluster()) {
      throw new StorageError('kube: the kubeconfig has no current context; name one as kube:CONTEXT or run `kubectl config use-context NAME`');
    }
    const tls: RequestOptions = {};
    await config.applyToHTTPSOptions(tls);
    return new KubeHttp(config, tls);
  }

  /** Sends one request; resolves with any HTTP status (the caller maps them), rejects only when the server cannot be reached. */
  async request<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse<T>> {
    const res = await this.open(method, path, body, contentType);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = { message: text.slice(0, 500) };
    }
    return { status: res.statusCode ?? 0, body: parsed as T };
  }

  /**
   * Opens a watch stream (GET with watch=true) and calls onEvent for every line; resolves when the stream ends (the
   * server closes watches every few minutes), with the HTTP status of a refused watch. abort() ends it early.
   */
  async watch<T>(path: string, onEvent: (e: KubeWatchEvent<T>) => void, signal: AbortSignal): Promise<KubeResponse<KubeStatus | undefined>> {
    const res = await this.open('GET', path, undefined, 'application/json', signal);
    if (res.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      let status: KubeStatus | undefined;
      try {
        status = JSON.parse(Buffer.concat(chunks).toString('utf8')) as KubeStatus;
      } catch {
        status = undefined;
      }
      return { status: res.statusCode ?? 0, body: status };
    }
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    lines.on('error', () => {}); // readline repeats the response's errors; the closed promise below handles them
    const closed = new Promise<void>((resolve) => {
      res.on('close', resolve);
      res.on('end', resolve);
      res.on('error', () => resolve());
    });
    signal.addEventListener('abort', () => res.destroy(), { once: true });
    lines.on('line', (line) => {
      if (!line.trim()) return;
      try {
        onEvent(JSON.parse(line) as KubeWatchEvent<T>);
      } catch {
        // a line cut by a closing connection: the relist after reconnecting covers what it held
      }
    });
    await closed;
    return { status: 200, body: undefined };
  }

  /** Frees the connections. */
  close(): void {
    this.agent.destroy();
  }

  private async open(method: string, path: string, body: unknown, contentType: string, signal?: AbortSignal): Promise<IncomingMessage> {
    const opts: RequestOptions = {};
    await this.config.applyToHTTPSOptions(opts);
    const url = new URL(this.server + path);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { Accept: 'application/json', ...(opts.headers as Record<string, string>) };
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (payload) Object.assign(headers, { 'Content-Type': contentType, 'Content-Length': payload.length });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { method, headers, agent: this.agent, signal }, resolve);
      req.setTimeout(signal ? 0 : 60_000, () => req.destroy(new Error(`no answer from ${this.server} within 60 s`)));
      req.on('error', (err) => reject(new StorageError(`kube: cannot reach ${this.server} (context ${this.context}): ${err.message}`)));
      req.end(payload);
    });
  }
}
