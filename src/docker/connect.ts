import {DockerodeGateway} from './dockerode-gateway.js';
import {resolveEndpoint} from './endpoint.js';
import {describeConnectError} from './errors.js';

/** What decides which engine to reach and how; the command line's global flags carry these. */
export interface ConnectOptions {
  readonly host?: string;
  readonly context?: string;
  readonly tls?: boolean;
  readonly tlsverify?: boolean;
  readonly tlscacert?: string;
  readonly tlscert?: string;
  readonly tlskey?: string;
  /** How long the first ping may take, ms. */
  readonly timeout: number;
  readonly readOnly: boolean;
}

/** The engine did not answer the first ping; the message says what happened and, on its second line, what to do. */
export class ConnectError extends Error {
  constructor(readonly what: string, readonly fix: string) {
    super(`${what}\n${fix}`);
    this.name = 'ConnectError';
  }
}

/**
 * Resolves the address (EndpointError when the flags or contexts cannot name one), then pings
 * with a timeout before anything is drawn (ConnectError).
 */
export async function connect(options: ConnectOptions, contextSource?: string): Promise<DockerodeGateway> {
  const endpoint = resolveEndpoint({hostFlag: options.host, contextFlag: options.context, ...(contextSource ? {contextFlagSource: contextSource} : {}), tlsFlags: options, env: process.env});
  let gateway: DockerodeGateway | undefined;
  try {
    gateway = new DockerodeGateway(endpoint, {readOnly: options.readOnly});
    await gateway.ping(options.timeout);
  } catch (error) {
    gateway?.close();
    const problem = describeConnectError(error, endpoint, options.timeout);
    throw new ConnectError(problem.what, problem.fix);
  }
  return gateway;
}
