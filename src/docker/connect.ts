import {DockerodeGateway} from './dockerode-gateway.js';
import type {FirstLists} from './first-lists.js';
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
  constructor(
    readonly what: string,
    readonly fix: string,
  ) {
    super(`${what}\n${fix}`);
    this.name = 'ConnectError';
  }
}

/**
 * Resolves the address (EndpointError when the flags or contexts cannot name one), then pings
 * with a timeout before anything is drawn (ConnectError).
 */
export async function connect(options: ConnectOptions, contextSource?: string): Promise<DockerodeGateway> {
  const {gateway, problem} = await reach(options, contextSource);
  if (!problem) return gateway;
  gateway.close();
  throw problem;
}

/**
 * Resolves and pings like connect, but keeps the gateway when the engine does not answer: with
 * several engines open, one that is down is shown as such and retried, never a reason to stop.
 */
export async function reach(
  options: ConnectOptions,
  contextSource?: string,
): Promise<{gateway: DockerodeGateway; problem?: ConnectError}> {
  const gateway = gatewayOf(options, contextSource);
  const problem = await pingProblem(gateway, options.timeout);
  return problem ? {gateway, problem} : {gateway};
}

/**
 * The gateway to the engine the options name, not yet spoken to (EndpointError when they name none);
 * with `firstLists`, its first lists are the answers already asked for.
 */
export function gatewayOf(options: ConnectOptions, contextSource?: string, firstLists?: FirstLists): DockerodeGateway {
  const endpoint = resolveEndpoint({
    hostFlag: options.host,
    contextFlag: options.context,
    ...(contextSource ? {contextFlagSource: contextSource} : {}),
    tlsFlags: options,
    env: process.env,
  });
  return new DockerodeGateway(endpoint, {readOnly: options.readOnly, ...(firstLists ? {firstLists} : {})});
}

/** Pings within `timeout` ms: nothing when the engine answers, else what happened and what to do. */
export async function pingProblem(gateway: DockerodeGateway, timeout: number): Promise<ConnectError | undefined> {
  try {
    await gateway.ping(timeout);
    return undefined;
  } catch (error) {
    const problem = describeConnectError(error, gateway.endpoint, timeout);
    return new ConnectError(problem.what, problem.fix);
  }
}
