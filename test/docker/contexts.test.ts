import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {listContexts} from '../../src/docker/contexts.js';
import {parseEngineUrl, resolveEndpoint} from '../../src/docker/endpoint.js';

/** A docker config folder laid out as the docker CLI writes it. */
function configWith(
  contexts: Array<{name: string; host: string; description?: string; tls?: boolean; skip?: boolean}>,
  current?: string,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-ctx-'));
  if (current) writeFileSync(join(dir, 'config.json'), JSON.stringify({auths: {}, currentContext: current}));
  for (const c of contexts) {
    const digest = createHash('sha256').update(c.name).digest('hex');
    mkdirSync(join(dir, 'contexts', 'meta', digest), {recursive: true});
    writeFileSync(
      join(dir, 'contexts', 'meta', digest, 'meta.json'),
      JSON.stringify({
        Name: c.name,
        Metadata: {Description: c.description ?? ''},
        Endpoints: {docker: {Host: c.host, SkipTLSVerify: c.skip ?? false}},
      }),
    );
    if (c.tls) {
      mkdirSync(join(dir, 'contexts', 'tls', digest, 'docker'), {recursive: true});
      writeFileSync(join(dir, 'contexts', 'tls', digest, 'docker', 'ca.pem'), 'x');
    }
  }
  return dir;
}

describe('docker contexts', () => {
  const config = configWith(
    [
      {name: 'prod', host: 'ssh://deploy@prod.example:2222', description: 'the shop'},
      {name: 'tls', host: 'tcp://10.0.0.9:2376', tls: true},
      {name: 'lab', host: 'unix:///run/lab.sock'},
    ],
    'lab',
  );

  it('lists the store like docker context ls: default first, then by name, with TLS material found', () => {
    const contexts = listContexts(config);
    expect(contexts.map((c) => c.name)).toEqual(['default', 'lab', 'prod', 'tls']);
    expect(contexts.find((c) => c.name === 'prod')).toMatchObject({
      host: 'ssh://deploy@prod.example:2222',
      description: 'the shop',
      tlsDir: undefined,
    });
    expect(contexts.find((c) => c.name === 'tls')?.tlsDir).toMatch(/contexts\/tls\/[0-9a-f]{64}\/docker$/);
  });

  it('resolves in the docker CLI order: --context, --host, DOCKER_HOST, DOCKER_CONTEXT, current context', () => {
    const env = {DOCKER_CONFIG: config};
    expect(resolveEndpoint({env})).toMatchObject({
      socketPath: '/run/lab.sock',
      context: 'lab',
      source: expect.stringContaining('current context'),
    });
    expect(resolveEndpoint({env: {...env, DOCKER_CONTEXT: 'prod'}})).toMatchObject({
      transport: 'ssh',
      host: 'prod.example',
      port: 2222,
      username: 'deploy',
      context: 'prod',
    });
    expect(resolveEndpoint({env: {...env, DOCKER_CONTEXT: 'prod', DOCKER_HOST: 'unix:///h.sock'}})).toMatchObject({
      socketPath: '/h.sock',
      source: 'DOCKER_HOST',
    });
    expect(resolveEndpoint({env: {...env, DOCKER_HOST: 'unix:///h.sock'}, hostFlag: 'unix:///f.sock'})).toMatchObject({
      socketPath: '/f.sock',
    });
    expect(resolveEndpoint({env: {...env, DOCKER_HOST: 'unix:///h.sock'}, contextFlag: 'tls'})).toMatchObject({
      host: '10.0.0.9',
      tls: {verify: true, ca: expect.stringMatching(/ca\.pem$/)},
    });
    expect(resolveEndpoint({env, contextFlag: 'default'})).toMatchObject({socketPath: '/var/run/docker.sock'});
  });

  it('names an unknown context and lists the known ones; refuses --context with --host', () => {
    expect(() => resolveEndpoint({env: {DOCKER_CONFIG: config}, contextFlag: 'staging'})).toThrow(
      /--context: No docker context named staging\. Known: default, lab, prod, tls/,
    );
    expect(() => resolveEndpoint({env: {DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone'}})).toThrow(
      /DOCKER_CONTEXT: No docker context named gone/,
    );
    expect(() => resolveEndpoint({env: {DOCKER_CONFIG: config}, contextFlag: 'lab', hostFlag: 'unix:///x'})).toThrow(
      /--context and --host/,
    );
  });

  it('turns TLS on from flags or DOCKER_TLS_VERIFY, with certificates from DOCKER_CERT_PATH, for tcp only', () => {
    const env = {
      DOCKER_CONFIG: '/nonexistent',
      DOCKER_HOST: 'tcp://engine:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
    };
    expect(resolveEndpoint({env})).toMatchObject({
      tls: {ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true},
    });
    expect(resolveEndpoint({env: {DOCKER_CONFIG: '/c', DOCKER_HOST: 'tcp://engine:2376'}}).tls).toBeUndefined();
    expect(
      resolveEndpoint({env: {DOCKER_CONFIG: '/c'}, hostFlag: 'tcp://e:2376', tlsFlags: {tlscacert: '/my/ca.pem'}}),
    ).toMatchObject({tls: {ca: '/my/ca.pem', cert: '/c/cert.pem'}});
    expect(
      resolveEndpoint({env: {DOCKER_CONFIG: '/c', DOCKER_TLS_VERIFY: '1'}, hostFlag: 'unix:///s.sock'}).tls,
    ).toBeUndefined();
  });

  it('reads a remote socket path from an ssh:// URL', () => {
    expect(parseEngineUrl('ssh://me@box/run/user/1000/docker.sock', '--host')).toMatchObject({
      transport: 'ssh',
      host: 'box',
      port: 22,
      remoteSocket: '/run/user/1000/docker.sock',
    });
    expect(parseEngineUrl('ssh://box', '--host').remoteSocket).toBeUndefined();
  });
});
