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
  const gateway = await reportConnectErrors(connectEngine(options));
  // Bounded: an engine that answers a ping but hangs on lists must not hold every command up.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    gateway.sweepOrphans().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, SWEEP_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  return gateway;
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
