import {ConnectError, type ConnectOptions, connect as connectEngine} from '../docker/connect.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {EndpointError} from '../docker/endpoint.js';
import {ReportedError, UsageError} from './errors.js';

/** Connects for a command: an address that cannot be resolved is a usage error, an engine that does not answer exit 1. */
export function connect(options: ConnectOptions): Promise<DockerodeGateway> {
  return reportConnectErrors(connectEngine(options));
}

export function reportConnectErrors<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof EndpointError) throw new UsageError(error.message);
    if (error instanceof ConnectError) throw new ReportedError(error.message);
    throw error;
  });
}
