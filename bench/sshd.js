// A throwaway OpenSSH server on loopback for the sftp benchmark (the tests have their own in
// test/helpers/remote-servers.ts; the bench runs plain JavaScript).
import {execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {sleep} from './proc.js';

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** sshd on 127.0.0.1 with a fresh host key; `home` holds an authorized key and known_hosts for it. */
export async function startBenchSshd() {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-sshd-'));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), {recursive: true, mode: 0o700});
  const key = join(home, '.ssh', 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${key}.pub`));
  const port = await freePort();
  const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHosts = join(home, '.ssh', 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey}\n`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel ERROR',
      'Subsystem sftp internal-sftp',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', {recursive: true});
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {stdio: 'ignore'});
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    await sleep(50);
  }
  return {port, home, key, knownHosts, stop: () => child.kill()};
}
