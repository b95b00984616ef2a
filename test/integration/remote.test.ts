import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';
import {type Sshd, startSshd, startTlsFront, type TlsFront} from '../helpers/remote-servers.js';

// Nothing of the developer's own docker or ssh set-up may leak in.
const CLEAN_ENV = {
  DOCKER_HOST: undefined,
  DOCKER_CONTEXT: undefined,
  DOCKER_TLS_VERIFY: undefined,
  DOCKER_CERT_PATH: undefined,
  SSH_AUTH_SOCK: undefined,
};

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 60_000);
afterAll(() => sshd?.stop());

describeEachEngine('remote engines and docker contexts', (engine) => {
  const socket = engine.url.replace('unix://', '');
  const volume = uniqueName('remote');
  let tlsFront: TlsFront;

  beforeAll(async () => {
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    tlsFront = await startTlsFront(socket);
  }, 60_000);
  afterAll(async () => {
    await tlsFront?.stop();
    await cleanEngine(engine);
  }, 60_000);

  const names = (stdout: string) => (JSON.parse(stdout) as Array<{name: string}>).map((v) => v.name);

  it('uses a context made with the docker CLI: by --context, by DOCKER_CONTEXT, and as the current one', async () => {
    const config = mkdtempSync(join(tmpdir(), 'volscope-docker-config-'));
    execFileSync(
      'docker',
      [
        '--config',
        config,
        'context',
        'create',
        'itest',
        '--description',
        'integration',
        '--docker',
        `host=${engine.url}`,
      ],
      {stdio: 'ignore'},
    );
    const env = {...CLEAN_ENV, DOCKER_CONFIG: config};
    for (const args of [['--context', 'itest'], []]) {
      const extra = args.length ? {} : {DOCKER_CONTEXT: 'itest'};
      const result = await runCli([...args, 'ls', '--json', '--no-size'], {...env, ...extra});
      expect(result.code, result.stderr).toBe(0);
      expect(names(result.stdout)).toContain(volume);
    }
    execFileSync('docker', ['--config', config, 'context', 'use', 'itest'], {stdio: 'ignore'});
    const current = await runCli(['ls', '--json', '--no-size'], env);
    expect(current.code, current.stderr).toBe(0);
    expect(names(current.stdout)).toContain(volume);
    const listed = await runCli(['contexts'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^itest \*\s+integration\s+unix:\/\//m);
    expect(listed.stdout).toMatch(/^default\s/m);
    const unknown = await runCli(['--context', 'nope', 'ls'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No docker context named nope. Known: default, itest');
  });

  it('talks TLS to tcp:// with certificates verified, from flags, from DOCKER_CERT_PATH and from a context', async () => {
    const host = `tcp://127.0.0.1:${tlsFront.port}`;
    const dir = tlsFront.certDir;
    const byFlags = await runCli(
      [
        '--host',
        host,
        '--tlsverify',
        '--tlscacert',
        join(dir, 'ca.pem'),
        '--tlscert',
        join(dir, 'cert.pem'),
        '--tlskey',
        join(dir, 'key.pem'),
        'ls',
        '--json',
        '--no-size',
      ],
      {...CLEAN_ENV, DOCKER_CONFIG: '/nonexistent'},
    );
    expect(byFlags.code, byFlags.stderr).toBe(0);
    expect(names(byFlags.stdout)).toContain(volume);
    const byEnv = await runCli(['ls', '--json', '--no-size'], {
      ...CLEAN_ENV,
      DOCKER_CONFIG: '/nonexistent',
      DOCKER_HOST: host,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: dir,
    });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    const config = mkdtempSync(join(tmpdir(), 'volscope-docker-config-'));
    execFileSync(
      'docker',
      [
        '--config',
        config,
        'context',
        'create',
        'tls',
        '--docker',
        `host=${host},ca=${join(dir, 'ca.pem')},cert=${join(dir, 'cert.pem')},key=${join(dir, 'key.pem')}`,
      ],
      {stdio: 'ignore'},
    );
    const byContext = await runCli(['--context', 'tls', 'ls', '--json', '--no-size'], {
      ...CLEAN_ENV,
      DOCKER_CONFIG: config,
    });
    expect(byContext.code, byContext.stderr).toBe(0);
    expect(names(byContext.stdout)).toContain(volume);
    // A CA that did not sign the engine's certificate: refused, and said so.
    const wrong = await runCli(['ls', '--no-size'], {
      ...CLEAN_ENV,
      DOCKER_CONFIG: '/nonexistent',
      DOCKER_HOST: host,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: tlsFront.wrongCaDir,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`the CA in ${join(tlsFront.wrongCaDir, 'ca.pem')}`);
    expect(wrong.stderr).toContain('did not sign');
    // Plain HTTP to a TLS port: a clear failure, not a hang.
    const plain = await runCli(['--host', host, '--timeout', '3000', 'ls', '--no-size'], {
      ...CLEAN_ENV,
      DOCKER_CONFIG: '/nonexistent',
    });
    expect(plain.code).toBe(1);
  });

  it('lists the engine through ssh://, with the host key checked and the key from ~/.ssh', async () => {
    const via = (home: string, url: string) =>
      runCli(['--host', url, '--timeout', '15000', 'ls', '--json', '--no-size'], {
        ...CLEAN_ENV,
        DOCKER_CONFIG: '/nonexistent',
        HOME: home,
      });
    // A socket path in the URL: forwarded straight to that socket on the host.
    const forwarded = await via(sshd.home, `ssh://root@127.0.0.1:${sshd.port}${socket}`);
    expect(forwarded.code, forwarded.stderr).toBe(0);
    expect(names(forwarded.stdout)).toContain(volume);
    if (socket === '/var/run/docker.sock') {
      // Without one: `docker system dial-stdio` on the host, as the docker CLI does.
      const dialed = await via(sshd.home, `ssh://root@127.0.0.1:${sshd.port}`);
      expect(dialed.code, dialed.stderr).toBe(0);
      expect(names(dialed.stdout)).toContain(volume);
    }
    const stranger = await via(sshd.strangerHome, `ssh://root@127.0.0.1:${sshd.port}${socket}`);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain(`The host key of [127.0.0.1]:${sshd.port} is not in ~/.ssh/known_hosts`);
    expect(stranger.stderr).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ~/.ssh/known_hosts`);
    const refusedKey = await via(sshd.unauthorizedHome, `ssh://root@127.0.0.1:${sshd.port}${socket}`);
    expect(refusedKey.code).toBe(1);
    expect(refusedKey.stderr).toContain('refused every key offered');
    const closed = await via(sshd.home, `ssh://root@127.0.0.1:1${socket}`);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('Nothing accepts SSH connections');
  }, 60_000);
});
