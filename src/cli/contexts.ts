import {dockerConfigDir, listContexts} from '../docker/contexts.js';
import {contextEndpoint, EndpointError, resolveEndpoint} from '../docker/endpoint.js';
import {sanitize} from '../model/sanitize.js';
import {UsageError} from './errors.js';

/** The context volscope would use without --host: resolveEndpoint's own precedence decides. */
function effectiveContext(env: Readonly<Record<string, string | undefined>>, contextFlag?: string): string {
  try {
    return resolveEndpoint({...(contextFlag ? {contextFlag} : {}), env}).context ?? 'default';
  } catch (error) {
    if (error instanceof EndpointError) throw new UsageError(error.message);
    throw error;
  }
}

/** `volscope contexts`: like `docker context ls`, from the same files; the current one marked. */
export function runContexts(
  options: {json: boolean; context?: string},
  env: Readonly<Record<string, string | undefined>>,
  out: NodeJS.WritableStream,
): number {
  const contexts = listContexts(dockerConfigDir(env));
  const current = effectiveContext(env, options.context);
  if (options.json) {
    out.write(
      `${JSON.stringify(
        contexts.map((c) => ({
          name: c.name,
          current: c.name === current,
          description: c.description,
          host: contextEndpoint(c, env),
          tls: Boolean(c.tlsDir),
          skipTlsVerify: c.skipTlsVerify,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const rows = contexts.map((c) => [
    `${c.name}${c.name === current ? ' *' : ''}`,
    sanitize(c.description),
    sanitize(contextEndpoint(c, env)) + (c.tlsDir ? ' (TLS)' : ''),
  ]);
  const header = ['NAME', 'DESCRIPTION', 'DOCKER ENDPOINT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    out.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  return 0;
}
