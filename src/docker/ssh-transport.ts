import type {Agent} from 'node:http';
import type {Duplex} from 'node:stream';
import {SshConnection, SshError, type SshSettings} from '../ssh/connection.js';
import type {Endpoint} from './endpoint.js';

export {SshError, type SshSettings} from '../ssh/connection.js';

/**
 * ssh:// engines over ssh2 (docker-modem's SSH library): one SSH connection for the whole session
 * (ssh/connection.ts), a channel per request — docker-modem's own transport opens a new SSH
 * connection for every API call. Each channel runs `docker system dial-stdio` on the host (as the
 * docker CLI does, so the remote user's own engine settings apply), or, with a socket path in the
 * URL (ssh://user@host/run/user/1000/docker.sock), is forwarded straight to that socket.
 */
export function sshAgent(endpoint: Endpoint, settings: SshSettings = {}): Agent {
  const connection = new SshConnection(
    {host: endpoint.host!, port: endpoint.port, username: endpoint.username},
    settings,
  );
  // getBuiltinModule, not an ESM import: the ESM facade of node:http reads every export, which loads undici (~30 ms of start-up).
  const agent = new (process.getBuiltinModule('node:http').Agent)({keepAlive: false});
  // Node's agent accepts a connection handed over later through this callback.
  (agent as unknown as {createConnection: unknown}).createConnection = (
    _options: unknown,
    done: (error: Error | null, stream?: Duplex) => void,
  ) => {
    channel(connection, endpoint).then(
      (stream) => done(null, stream),
      (error: Error) => done(error),
    );
    return undefined;
  };
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    connection.close();
    destroy();
  };
  return agent;
}

async function channel(connection: SshConnection, endpoint: Endpoint): Promise<Duplex> {
  const client = await connection.connect();
  return new Promise((resolve, reject) => {
    const done = (error: Error | undefined, stream: Duplex) =>
      error ? reject(new SshError(`ssh ${connection.where()}: ${error.message}`, 'other')) : resolve(stream);
    if (endpoint.remoteSocket) client.openssh_forwardOutStreamLocal(endpoint.remoteSocket, done);
    else client.exec('docker system dial-stdio', done);
  });
}
