import {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {EndpointError, resolveEndpoint} from '../docker/endpoint.js';
import {describeConnectError} from '../docker/errors.js';
import type {GlobalOptions} from './args.js';
import {ReportedError, UsageError} from './errors.js';

/** Resolves the address, then pings with a timeout before anything is drawn. */
export async function connect(options: GlobalOptions, contextSource?: string): Promise<DockerodeGateway> {
  let endpoint;
  try {
    endpoint = resolveEndpoint({hostFlag: options.host, contextFlag: options.context, ...(contextSource ? {contextFlagSource: contextSource} : {}), tlsFlags: options, env: process.env});
  } catch (error) {
    if (error instanceof EndpointError) throw new UsageError(error.message);
    throw error;
  }
  let gateway: DockerodeGateway | undefined;
  try {
    gateway = new DockerodeGateway(endpoint, {readOnly: options.readOnly});
    await gateway.ping(options.timeout);
  } catch (error) {
    gateway?.close();
    const problem = describeConnectError(error, endpoint, options.timeout);
    throw new ReportedError(`${problem.what}\n${problem.fix}`);
  }
  return gateway;
}
