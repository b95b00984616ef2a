import type Docker from 'dockerode';
import type {Endpoint} from './endpoint.js';
import {sshAgent} from './ssh-transport.js';
import {readTlsFiles} from './tls.js';

/** How dockerode reaches the engine: a unix socket, TCP (with TLS when asked), or ssh:// through our agent. */
export function dockerodeOptions(endpoint: Endpoint): Docker.DockerOptions {
  switch (endpoint.transport) {
    case 'unix':
      return {socketPath: endpoint.socketPath};
    case 'tcp':
      if (endpoint.tls) {
        // TLS options on the agent: docker-modem cannot pass rejectUnauthorized itself.
        // getBuiltinModule, not an ESM import: node:https's ESM facade reads every export of node:http too, loading undici at start.
        const {Agent: HttpsAgent} = process.getBuiltinModule('node:https');
        const agent = new HttpsAgent({
          ...readTlsFiles(endpoint.tls),
          rejectUnauthorized: endpoint.tls.verify,
          keepAlive: true,
        });
        return {host: endpoint.host, port: endpoint.port, protocol: 'https', agent} as Docker.DockerOptions;
      }
      return {host: endpoint.host, port: endpoint.port, protocol: 'http'};
    case 'ssh':
      return {
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'http',
        agent: sshAgent(endpoint),
      } as Docker.DockerOptions;
  }
}
