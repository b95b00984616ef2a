import {currentContextName, dockerConfigDir, listContexts} from '../docker/contexts.js';
import {sanitize} from '../model/sanitize.js';
import {UsageError} from './errors.js';

/**
 * The context volscope would use without --host, by the docker CLI's rules: --context, then
 * default when DOCKER_HOST is set, then DOCKER_CONTEXT, then config.json's currentContext.
 */
export function effectiveContext(env: Readonly<Record<string, string | undefined>>, contextFlag?: string): string {
  if (contextFlag) return contextFlag;
  if (env.DOCKER_HOST) return 'default';
  return env.DOCKER_CONTEXT || currentContextName(dockerConfigDir(env)) || 'default';
}

/** `volscope contexts`: like `docker context ls`, from the same files; the current one marked. */
export function runContexts(options: {json: boolean; context?: string}, env: Readonly<Record<string, string | undefined>>, out: NodeJS.WritableStream): number {
  const contexts = listContexts(dockerConfigDir(env));
  const current = effectiveContext(env, options.context);
  if (!contexts.some((c) => c.name === current)) {
    throw new UsageError(`No docker context named ${current}. Known: ${contexts.map((c) => c.name).join(', ')}.`);
  }
  const endpoint = (host: string | undefined) => host ?? (env.DOCKER_HOST || 'unix:///var/run/docker.sock');
  if (options.json) {
    out.write(`${JSON.stringify(contexts.map((c) => ({name: c.name, current: c.name === current, description: c.description, host: endpoint(c.host), tls: Boolean(c.tlsDir), skipTlsVerify: c.skipTlsVerify})), null, 2)}\n`);
    return 0;
  }
  const rows = contexts.map((c) => [`${c.name}${c.name === current ? ' *' : ''}`, sanitize(c.description), sanitize(endpoint(c.host)) + (c.tlsDir ? ' (TLS)' : '')]);
  const header = ['NAME', 'DESCRIPTION', 'DOCKER ENDPOINT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) out.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  return 0;
}
