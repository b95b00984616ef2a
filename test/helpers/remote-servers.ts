// Throwaway servers on loopback for the remote-engine tests: an OpenSSH server with generated
// keys, and a TLS front for an engine's unix socket with generated certificates.
import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import tls from 'node:tls';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Sshd {
  readonly port: number;
  /** A HOME with .ssh/id_ed25519 (authorized) and known_hosts (this server's key). */
  readonly home: string;
  /** A HOME with the key but no known_hosts entry. */
  readonly strangerHome: string;
  /** A HOME whose key the server does not accept. */
  readonly unauthorizedHome: string;
  stop(): void;
  /** Kills every open session (the server keeps listening). */
  readonly dropSessions: () => void;
}

export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-sshd-'));
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  keygen(join(dir, 'host_key'));
  const homes = ['home', 'stranger', 'unauthorized'].map((name) => {
    const home = join(dir, name);
    mkdirSync(join(home, '.ssh'), {recursive: true, mode: 0o700});
    return home;
  });
  const [home, stranger, unauthorized] = homes as [string, string, string];
  keygen(join(home, '.ssh', 'id_ed25519'));
  execFileSync('cp', [join(home, '.ssh', 'id_ed25519'), join(stranger, '.ssh', 'id_ed25519')]);
  keygen(join(unauthorized, '.ssh', 'id_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(home, '.ssh', 'id_ed25519.pub')));
  const port = await freePort();
  const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  for (const h of [home, unauthorized])
    writeFileSync(join(h, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowStreamLocalForwarding yes',
      'LogLevel ERROR',
      // scp speaks SFTP since OpenSSH 9: the single-file test copies volscope to the server with it.
      'Subsystem sftp internal-sftp',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', {recursive: true});
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  await waitForPort(port).catch((error: Error) => {
    child.kill();
    throw new Error(`${error.message}; sshd said: ${stderr}`);
  });
  return {
    port,
    home,
    strangerHome: stranger,
    unauthorizedHome: unauthorized,
    stop: () => child.kill(),
    // Each session is a child of the listening sshd: killing them cuts every connection, as a dropped link would.
    dropSessions: () => {
      spawnSync('pkill', ['-KILL', '-P', String(child.pid)]);
    },
  };
}

export interface TlsFront {
  readonly port: number;
  /** ca.pem, cert.pem, key.pem of the client, signed by the CA the server trusts. */
  readonly certDir: string;
  /** The same client files, but a ca.pem that did not sign the server. */
  readonly wrongCaDir: string;
  stop(): Promise<void>;
}

/** A TLS server on loopback (client certificates required) in front of an engine's socket. */
export async function startTlsFront(socketPath: string): Promise<TlsFront> {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: ['ignore', 'ignore', 'pipe']});
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca-key.pem'),
    '-out',
    at('ca.pem'),
    '-subj',
    '/CN=volscope test CA',
    '-days',
    '2',
  );
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('other-ca-key.pem'),
    '-out',
    at('other-ca.pem'),
    '-subj',
    '/CN=someone else',
    '-days',
    '2',
  );
  const sign = (name: string, subject: string, ext: string) => {
    openssl('req', ...ec, '-keyout', at(`${name}-key.pem`), '-out', at(`${name}.csr`), '-subj', subject);
    writeFileSync(at(`${name}.ext`), ext);
    openssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca-key.pem'),
      '-CAcreateserial',
      '-out',
      at(`${name}.pem`),
      '-days',
      '2',
      '-extfile',
      at(`${name}.ext`),
    );
  };
  sign('server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  sign('client', '/CN=client', 'extendedKeyUsage=clientAuth\n');
  const certDir = join(dir, 'client');
  const wrongCaDir = join(dir, 'wrong');
  for (const [folder, ca] of [
    [certDir, 'ca.pem'],
    [wrongCaDir, 'other-ca.pem'],
  ] as const) {
    mkdirSync(folder);
    writeFileSync(join(folder, 'ca.pem'), readFileSync(at(ca)));
    writeFileSync(join(folder, 'cert.pem'), readFileSync(at('client.pem')));
    writeFileSync(join(folder, 'key.pem'), readFileSync(at('client-key.pem')));
  }
  const server = tls.createServer(
    {
      key: readFileSync(at('server-key.pem')),
      cert: readFileSync(at('server.pem')),
      ca: readFileSync(at('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (client) => {
      const engine = net.connect(socketPath);
      client.pipe(engine).pipe(client);
      const close = () => {
        client.destroy();
        engine.destroy();
      };
      client.on('error', close).on('close', close);
      engine.on('error', close).on('close', close);
    },
  );
  server.on('tlsClientError', () => undefined);
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
  return {port, certDir, wrongCaDir, stop: () => new Promise((resolve) => server.close(() => resolve()))};
}
