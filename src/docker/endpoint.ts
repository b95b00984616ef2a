import {join} from 'node:path';
import {ContextError, currentContextName, type DockerContext, dockerConfigDir, findContext} from './contexts.js';

/**
 * Where the engine is, and how we learned it. Precedence is the docker CLI's: --context, then
 * --host, then DOCKER_HOST, then DOCKER_CONTEXT, then the current context of config.json, then
 * the local socket — so volscope talks to the engine `docker` would.
 */
export type Transport = 'unix' | 'tcp' | 'ssh';

export interface TlsFiles {
  readonly ca: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  /** Verify the engine's certificate (on unless a context says SkipTLSVerify). */
  readonly verify: boolean;
}

export interface Endpoint {
  /** As the user would write it: unix:///var/run/docker.sock, tcp://host:2375 */
  readonly url: string;
  readonly transport: Transport;
  /** Which setting chose it, for error messages ("from DOCKER_HOST", "from context prod"). */
  readonly source: string;
  /** The docker context it came from (`default` for DOCKER_HOST and the local socket); none for --host. */
  readonly context?: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  /** ssh:// only: the engine's socket on the remote host, when given as the URL's path. */
  readonly remoteSocket?: string;
  /** tcp:// only: TLS, when asked for by flags, environment or context. */
  readonly tls?: TlsFiles;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The name the ENGINE column and the dialogs give an engine: its docker context, else its address. */
export function engineName(engine: {readonly context: string | undefined; readonly address: string}): string {
  return engine.context ?? engine.address;
}

export class EndpointError extends Error {}

export interface TlsFlags {
  readonly tls?: boolean;
  readonly tlsverify?: boolean;
  readonly tlscacert?: string;
  readonly tlscert?: string;
  readonly tlskey?: string;
}

export interface EndpointInputs {
  readonly hostFlag?: string;
  readonly contextFlag?: string;
  /** How contextFlag was given, for messages: `--context`, or the TUI's engine picker. */
  readonly contextFlagSource?: string;
  readonly tlsFlags?: TlsFlags;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function resolveEndpoint({
  hostFlag,
  contextFlag,
  contextFlagSource = '--context',
  tlsFlags = {},
  env,
}: EndpointInputs): Endpoint {
  if (contextFlag && hostFlag) throw new EndpointError('--context and --host both name an engine: give one of them.');
  const configDir = dockerConfigDir(env);
  const tlsFromFlagsOrEnv = (): TlsFiles | undefined => {
    const wanted =
      tlsFlags.tls ||
      tlsFlags.tlsverify ||
      nonEmpty(env.DOCKER_TLS_VERIFY) ||
      nonEmpty(env.DOCKER_TLS) ||
      Boolean(tlsFlags.tlscacert || tlsFlags.tlscert || tlsFlags.tlskey);
    if (!wanted) return undefined;
    const certDir = env.DOCKER_CERT_PATH || configDir;
    return {
      ca: tlsFlags.tlscacert ?? join(certDir, 'ca.pem'),
      cert: tlsFlags.tlscert ?? join(certDir, 'cert.pem'),
      key: tlsFlags.tlskey ?? join(certDir, 'key.pem'),
      verify: true,
    };
  };
  const fromContext = (name: string, how: string): Endpoint => {
    let context: ReturnType<typeof findContext>;
    try {
      context = findContext(configDir, name);
    } catch (error) {
      if (error instanceof ContextError) throw new EndpointError(`${how}: ${error.message}`);
      throw error;
    }
    if (!context.host)
      return {...resolveDefault(env, tlsFromFlagsOrEnv()), source: `context default (${how})`, context: 'default'};
    const endpoint = parseEngineUrl(context.host, `context ${name} (${how})`);
    const tls = context.tlsDir
      ? {
          ca: join(context.tlsDir, 'ca.pem'),
          cert: join(context.tlsDir, 'cert.pem'),
          key: join(context.tlsDir, 'key.pem'),
          verify: !context.skipTlsVerify,
        }
      : undefined;
    return withTls({...endpoint, context: name}, tls);
  };
  if (contextFlag) return fromContext(contextFlag, contextFlagSource);
  if (hostFlag) return withTls(parseEngineUrl(hostFlag, '--host'), tlsFromFlagsOrEnv());
  if (env.DOCKER_HOST) return resolveDefault(env, tlsFromFlagsOrEnv());
  if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, 'DOCKER_CONTEXT');
  const current = currentContextName(configDir);
  if (current && current !== 'default')
    return fromContext(current, `current context in ${join(configDir, 'config.json')}`);
  return resolveDefault(env, undefined);
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}

/** The `default` context, as the docker CLI has it: DOCKER_HOST, else the local socket. */
function resolveDefault(env: EndpointInputs['env'], tls: TlsFiles | undefined): Endpoint {
  if (env.DOCKER_HOST) return {...withTls(parseEngineUrl(env.DOCKER_HOST, 'DOCKER_HOST'), tls), context: 'default'};
  return {
    url: `unix://${DEFAULT_SOCKET}`,
    transport: 'unix',
    source: 'default',
    socketPath: DEFAULT_SOCKET,
    context: 'default',
  };
}

/** TLS applies to tcp:// only; the URL then reads https-like in messages. */
function withTls(endpoint: Endpoint, tls: TlsFiles | undefined): Endpoint {
  return endpoint.transport === 'tcp' && tls ? {...endpoint, tls} : endpoint;
}

export function parseEngineUrl(raw: string, source: string): Endpoint {
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
    throw new EndpointError(
      `${source}: not an engine address: ${raw} (expected unix:///path, tcp://host:port or ssh://user@host)`,
    );
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    if (!url.hostname) throw new EndpointError(`${source}: no host in ${raw}`);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 2376 : 2375;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const endpoint: Endpoint = {url: `tcp://${url.hostname}:${port}`, transport: 'tcp', source, host, port};
    return url.protocol === 'https:'
      ? {...endpoint, tls: {ca: undefined, cert: undefined, key: undefined, verify: true}}
      : endpoint;
  }
  if (url.protocol === 'ssh:') {
    if (!url.hostname) throw new EndpointError(`${source}: no host in ${raw}`);
    const port = url.port ? Number(url.port) : 22;
    const remoteSocket = url.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname) : undefined;
    return {
      url: `ssh://${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname}${url.port ? `:${url.port}` : ''}${remoteSocket ?? ''}`,
      transport: 'ssh',
      source,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port,
      ...(url.username ? {username: decodeURIComponent(url.username)} : {}),
      ...(remoteSocket ? {remoteSocket} : {}),
    };
  }
  throw new EndpointError(
    `${source}: unsupported scheme ${url.protocol.replace(':', '')}:// in ${raw} (use unix://, tcp:// or ssh://)`,
  );
}

/** The engine a context names; `default` names DOCKER_HOST or the local socket. */
export function contextEndpoint(context: DockerContext, env: Readonly<Record<string, string | undefined>>): string {
  return context.host ?? (env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`);
}
