/**
 * Where the engine is, and how we learned it. Resolution is a list of sources tried in order, so
 * `--context`, the current context of ~/.docker/config.json and TLS certificates slot in as new
 * sources and transport options without reshaping the callers.
 */
export type Transport = 'unix' | 'tcp' | 'ssh';

export interface Endpoint {
  /** As the user would write it: unix:///var/run/docker.sock, tcp://host:2375 */
  readonly url: string;
  readonly transport: Transport;
  /** Which setting chose it, for error messages ("from DOCKER_HOST"). */
  readonly source: '--host' | 'DOCKER_HOST' | 'default';
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export class EndpointError extends Error {}

export interface EndpointInputs {
  readonly hostFlag?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function resolveEndpoint({hostFlag, env}: EndpointInputs): Endpoint {
  if (hostFlag) return parseEngineUrl(hostFlag, '--host');
  if (env.DOCKER_HOST) return parseEngineUrl(env.DOCKER_HOST, 'DOCKER_HOST');
  return {url: `unix://${DEFAULT_SOCKET}`, transport: 'unix', source: 'default', socketPath: DEFAULT_SOCKET};
}

export function parseEngineUrl(raw: string, source: Endpoint['source']): Endpoint {
  const text = raw.trim();
  if (text.startsWith('unix://')) {
    const socketPath = text.slice('unix://'.length) || DEFAULT_SOCKET;
    if (!socketPath.startsWith('/')) throw new EndpointError(`${source}: a unix socket path must be absolute: ${raw}`);
    return {url: `unix://${socketPath}`, transport: 'unix', source, socketPath};
  }
  // A bare path is what people paste from `ls -l /var/run`; accept it as a socket.
  if (text.startsWith('/')) return {url: `unix://${text}`, transport: 'unix', source, socketPath: text};
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EndpointError(`${source}: not an engine address: ${raw} (expected unix:///path, tcp://host:port or ssh://user@host)`);
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:') {
    if (!url.hostname) throw new EndpointError(`${source}: no host in ${raw}`);
    const port = url.port ? Number(url.port) : 2375;
    return {url: `tcp://${url.hostname}:${port}`, transport: 'tcp', source, host: url.hostname, port};
  }
  if (url.protocol === 'ssh:') {
    const port = url.port ? Number(url.port) : 22;
    return {url: text, transport: 'ssh', source, host: url.hostname, port, username: url.username || undefined};
  }
  throw new EndpointError(`${source}: unsupported scheme ${url.protocol.replace(':', '')}:// in ${raw} (use unix://, tcp:// or ssh://)`);
}
