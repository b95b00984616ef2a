import {ConnectError, type ConnectOptions, connect as connectEngine} from '../docker/connect.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {EndpointError} from '../docker/endpoint.js';
import {ReportedError, UsageError} from './errors.js';

/**
 * Connects for a command: an address that cannot be resolved is a usage error, an engine that
 * does not answer exit 1. Then, before any work, the helpers killed runs left are removed: one
 * would keep its volume "in use" for rm and prune, and hold a backup's snapshot of it (a sweep
 * that fails costs nothing but the sweep).
 */
export async function connect(options: ConnectOptions): Promise<DockerodeGateway> {
  const {gateway, swept} = await connectSweeping(options);
  await swept;
  return gateway;
}

/**
 * Like connect, but does not wait for the sweep: a read (ls) goes out beside it and drops from
 * its answer the helpers `swept` names. One round trip fewer, which over ssh is most of the wait.
 */
export async function connectSweeping(
  options: ConnectOptions,
): Promise<{gateway: DockerodeGateway; swept: Promise<readonly string[]>}> {
  const gateway = await reportConnectErrors(connectEngine(options));
  return {gateway, swept: sweepBounded(gateway)};
}

/**
 * The ids of the helpers and marks the sweep removed. Bounded: an engine that answers a ping but
 * hangs on lists must not hold every command up (a sweep that fails or is late removed nothing we wait for).
 */
function sweepBounded(gateway: DockerodeGateway): Promise<readonly string[]> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    gateway.sweepOrphans().catch((): string[] => []),
    new Promise<string[]>((resolve) => {
      timer = setTimeout(() => resolve([]), SWEEP_WAIT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** How long a command waits for the sweep of orphan helpers before it gets on with its work. */
const SWEEP_WAIT_MS = 3000;

export function reportConnectErrors<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof EndpointError) throw new UsageError(error.message);
    if (error instanceof ConnectError) throw new ReportedError(error.message);
    throw error;
  });
}
