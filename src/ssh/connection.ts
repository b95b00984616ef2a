import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {homedir, userInfo} from 'node:os';
import {join} from 'node:path';
import type {Duplex} from 'node:stream';
import {checkHostKey, type KnownHostsFile} from '../model/known-hosts.js';

/**
 * One SSH connection with what `ssh` users expect: the SSH agent, then the usual keys of ~/.ssh;
 * host keys checked against known_hosts (an unknown or changed key is refused, with the line that
 * would trust it); keepalives. ssh:// engines open channels on it (docker/ssh-transport.ts), an
 * sftp:// backup target its SFTP subsystem (targets/sftp.ts).
 */
export class SshError extends Error {
  constructor(
    message: string,
    readonly kind: 'hostKey' | 'auth' | 'refused' | 'timeout' | 'other',
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export interface Ssh2Client {
  on(event: string, listener: (...args: never[]) => void): this;
  connect(config: Record<string, unknown>): void;
  exec(command: string, callback: (error: Error | undefined, stream: Duplex) => void): void;
  openssh_forwardOutStreamLocal(path: string, callback: (error: Error | undefined, stream: Duplex) => void): void;
  sftp(callback: (error: Error | undefined, sftp: unknown) => void): void;
  setNoDelay(noDelay: boolean): void;
  end(): void;
}

const KEY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

interface Ssh2Module {
  Client: new () => Ssh2Client;
  utils: {parseKey(key: Buffer): unknown};
}

/** ssh2 is loaded on the first ssh:// connection only (see scripts/bundle.js). */
const loadSsh2 = (): Ssh2Module => createRequire(import.meta.url)('ssh2') as Ssh2Module;

/** Where to connect: the host, its port (22), the user (the local one when absent). */
export interface SshTarget {
  readonly host: string;
  readonly port?: number | undefined;
  readonly username?: string | undefined;
}

export interface SshSettings {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly readyTimeoutMs?: number;
}

export class SshConnection {
  private ready: Promise<Ssh2Client> | undefined;
  private client: Ssh2Client | undefined;
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(
    private readonly endpoint: SshTarget,
    private readonly settings: SshSettings,
  ) {
    this.env = settings.env ?? process.env;
  }

  close(): void {
    this.client?.end();
    this.client = undefined;
    this.ready = undefined;
  }

  where(): string {
    return `${this.username()}@${this.endpoint.host}:${this.endpoint.port ?? 22}`;
  }

  private username(): string {
    return this.endpoint.username ?? this.env.USER ?? userInfo().username;
  }

  connect(): Promise<Ssh2Client> {
    if (this.ready) return this.ready;
    const ssh2 = loadSsh2();
    const client = new ssh2.Client();
    const host = this.endpoint.host;
    const port = this.endpoint.port ?? 22;
    let hostKeyProblem: string | undefined;
    this.ready = new Promise<Ssh2Client>((resolve, reject) => {
      client.on('ready', () => {
        // Small requests (an SFTP stat, rename, an exec) waited ~40 ms each on Nagle and delayed ACKs.
        client.setNoDelay(true);
        resolve(client);
      });
      client.on('error', (error: Error & {level?: string; code?: string}) => {
        this.ready = undefined;
        reject(this.explain(error, hostKeyProblem));
      });
      client.on('close', () => {
        if (this.client === client) this.close();
      });
      client.connect({
        host,
        port,
        username: this.username(),
        readyTimeout: this.settings.readyTimeoutMs ?? 10_000,
        // Keeps NAT and firewalls from dropping a quiet session (an idle TUI sends nothing else).
        keepaliveInterval: 30_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          const verdict = checkHostKey(this.knownHosts(), host, port, key);
          if (verdict.kind === 'known') return true;
          const shown = port === 22 ? host : `[${host}]:${port}`;
          hostKeyProblem =
            verdict.kind === 'unknown'
              ? `The host key of ${shown} is not in ~/.ssh/known_hosts, so it cannot be checked. Connect once with \`ssh ${port === 22 ? '' : `-p ${port} `}${this.username()}@${host}\`, compare the fingerprint, accept it, then try again (or, once you know the host is the right one: \`ssh-keyscan ${port === 22 ? '' : `-p ${port} `}${host} >> ~/.ssh/known_hosts\`).`
              : verdict.kind === 'changed'
                ? `The host key of ${shown} does not match ${verdict.file} line ${verdict.line}: someone may be intercepting the connection, or the host was reinstalled. Check with its administrator before removing the old key (\`ssh-keygen -R '${shown}'\`).`
                : `The host key of ${shown} is marked @revoked in ${verdict.file} line ${verdict.line}.`;
          return false;
        },
        authHandler: this.authMethods(ssh2.utils),
      });
    });
    this.client = client;
    return this.ready;
  }

  private knownHosts(): KnownHostsFile[] {
    const home = this.env.HOME || homedir();
    const files: KnownHostsFile[] = [];
    for (const path of [
      join(home, '.ssh', 'known_hosts'),
      join(home, '.ssh', 'known_hosts2'),
      '/etc/ssh/ssh_known_hosts',
    ]) {
      try {
        files.push({path, text: readFileSync(path, 'utf8')});
      } catch {
        // not there
      }
    }
    return files;
  }

  /** The agent first, then each usual key file that is there and needs no passphrase. */
  private authMethods(utils: Ssh2Module['utils']): Array<Record<string, unknown>> {
    const username = this.username();
    const methods: Array<Record<string, unknown>> = [];
    if (this.env.SSH_AUTH_SOCK) methods.push({type: 'agent', username, agent: this.env.SSH_AUTH_SOCK});
    const home = this.env.HOME || homedir();
    for (const name of KEY_FILES) {
      let key: Buffer;
      try {
        key = readFileSync(join(home, '.ssh', name));
      } catch {
        continue;
      }
      // A key that needs a passphrase cannot be asked for here: the agent is the way for those.
      if (utils.parseKey(key) instanceof Error) continue;
      methods.push({type: 'publickey', username, key});
    }
    return methods;
  }

  private explain(error: Error & {level?: string; code?: string}, hostKeyProblem: string | undefined): SshError {
    const where = this.where();
    if (hostKeyProblem) return new SshError(hostKeyProblem, 'hostKey');
    if (error.level === 'client-authentication') {
      return new SshError(
        `${where} refused every key offered (${this.env.SSH_AUTH_SOCK ? 'the SSH agent, then ' : ''}~/.ssh/${KEY_FILES.join(', ~/.ssh/')} without a passphrase). Add your key to the agent (\`ssh-add\`) or to the host's authorized_keys.`,
        'auth',
      );
    }
    if (error.code === 'ECONNREFUSED')
      return new SshError(
        `Nothing accepts SSH connections at ${where}: is sshd running, and is the port right?`,
        'refused',
      );
    if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT' || /timed out/i.test(error.message)) {
      return new SshError(
        `${where} did not complete the SSH handshake in time: check the host is reachable (\`ssh ${where.replace(/:\d+$/, '')}\`).`,
        'timeout',
      );
    }
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
      return new SshError(`Cannot resolve ${this.endpoint.host}: check the host name.`, 'other');
    return new SshError(`ssh ${where}: ${error.message}`, 'other');
  }
}
