import type {Endpoint} from './endpoint.js';
import {RemoveError} from './gateway.js';

/** A failure told as a person can act on it: what happened, then what to do. */
export interface EngineProblem {
  readonly what: string;
  readonly fix: string;
}

interface ErrnoLike {
  code?: string;
  name?: string;
  statusCode?: number;
  message?: string;
  json?: {message?: string};
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

export function describeConnectError(error: unknown, endpoint: Endpoint, timeoutMs: number): EngineProblem {
  const err = (error ?? {}) as ErrnoLike;
  const where = `${endpoint.url} (from ${endpoint.source})`;
  if (err.name === 'SshError') return {what: `Cannot reach the engine at ${where} over SSH.`, fix: err.message ?? ''};
  if (err.name === 'TlsFileError')
    return {
      what: `TLS for ${where}: ${err.message}`,
      fix: "Check --tlscacert / --tlscert / --tlskey, DOCKER_CERT_PATH or the context's TLS files.",
    };
  if (err.code && TLS_UNTRUSTED.has(err.code)) {
    const ca = endpoint.tls?.ca ? `the CA in ${endpoint.tls.ca} (or the system's)` : "the system's CAs";
    return {
      what: `The engine at ${where} presented a certificate that ${ca} did not sign (${err.code}).`,
      fix: "Point --tlscacert (or DOCKER_CERT_PATH) at the CA that signed the engine's certificate; volscope does not connect unverified.",
    };
  }
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return {
      what: `The certificate of ${where} is not issued for ${endpoint.host}: ${err.message}`,
      fix: 'Connect with the host name the certificate names, or reissue the certificate with this name.',
    };
  if (err.code === 'CERT_HAS_EXPIRED' || err.code === 'CERT_NOT_YET_VALID')
    return {
      what: `The certificate of ${where} is not valid now (${err.code}).`,
      fix: "Renew the engine's certificate, or check this machine's clock.",
    };
  if (endpoint.tls && (err.code === 'ECONNRESET' || /handshake|certificate|alert/i.test(err.message ?? ''))) {
    return {
      what: `The TLS handshake with ${where} failed: ${engineMessage(error)}`,
      fix: 'The engine may require a client certificate (--tlscert/--tlskey or DOCKER_CERT_PATH), or not speak TLS on this port.',
    };
  }
  switch (err.code) {
    case 'ENOENT':
      return {
        what: `No Docker engine socket at ${where}.`,
        fix: 'Is Docker running? Start it (e.g. `sudo systemctl start docker`), or point volscope at another engine with --host or DOCKER_HOST.',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        what: `Permission denied on ${where}.`,
        fix: 'Add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again) or run volscope with sudo.',
      };
    case 'ECONNREFUSED':
      return {
        what: `Nothing accepts connections at ${where}.`,
        fix: 'The engine is not running or listens elsewhere: start it, or check --host / DOCKER_HOST.',
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {what: `Cannot resolve the host of ${where}.`, fix: 'Check the host name in --host / DOCKER_HOST.'};
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        what: `The connection to ${where} was dropped.`,
        fix: 'Check that the address is a Docker engine and not another service.',
      };
  }
  if (err.name === 'AbortError' || err.name === 'TimeoutError' || err.code === 'ETIMEDOUT') {
    return {
      what: `The engine at ${where} did not answer within ${timeoutMs / 1000} s.`,
      fix: 'Check that the host is reachable and the engine is healthy (`docker info`), or raise --timeout.',
    };
  }
  if (typeof err.statusCode === 'number') {
    return {
      what: `${where} answered HTTP ${err.statusCode}: ${engineMessage(error)}`,
      fix: 'Check that this address is a Docker engine API.',
    };
  }
  return {
    what: `Cannot reach the engine at ${where}: ${engineMessage(error)}`,
    fix: 'Check that Docker is running and the address is right (--host / DOCKER_HOST).',
  };
}

/**
 * The engine's own message when it gave one (docker-modem puts it in .json); for a broken
 * connection, words that say so (Node's "aborted" or "connect ECONNREFUSED …" do not); else the error text.
 */
export function engineMessage(error: unknown): string {
  const err = (error ?? {}) as ErrnoLike & {syscall?: string; address?: string};
  const raw = (err.json?.message ?? err.message ?? String(error)).trim();
  if (err.json?.message) return raw;
  const where = err.address ? ` at ${err.address}` : '';
  if (err.code === 'ECONNREFUSED') return `nothing answers${where} (connection refused): is the engine running?`;
  if (err.code === 'ENOENT' && err.syscall === 'connect') return `no engine socket${where}: the engine is not running`;
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return `the connection to the engine broke (${raw})`;
  return raw;
}

/**
 * The engine answers 409 "remove NAME: volume is in use - [ID, ID]" for a volume a container
 * holds (running or stopped) and 404 for one already gone; the ids let the caller name containers.
 */
export function toRemoveError(name: string, error: unknown): RemoveError {
  const status = (error as ErrnoLike).statusCode;
  const message = engineMessage(error);
  if (status === 409) {
    // Docker: "remove X: volume is in use - [id, id]"; Podman: "volume X is being used by the following container(s): id, id: volume is being used".
    const listed = /\[([^\]]*)\]/.exec(message)?.[1] ?? /following container\(s\): ([0-9a-f, ]+)/.exec(message)?.[1];
    const ids = listed?.split(/[\s,]+/).filter(Boolean) ?? [];
    return new RemoveError('inUse', message, ids);
  }
  if (status === 404) return new RemoveError('gone', `${name}: no such volume (already removed?)`);
  return new RemoveError('failed', message);
}
