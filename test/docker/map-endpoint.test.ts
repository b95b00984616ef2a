import {describe, expect, it} from 'vitest';
import {EndpointError, parseEngineUrl, resolveEndpoint} from '../../src/docker/endpoint.js';
import {describeConnectError, engineMessage} from '../../src/docker/errors.js';
import {apiAtLeast, toContainer, toEvent, toUsage, toVolumes} from '../../src/docker/map.js';
import {createNdjsonParser} from '../../src/docker/ndjson.js';

describe('map: raw engine JSON to our types', () => {
  it('maps volumes, tolerating null labels and options', () => {
    const [v] = toVolumes({
      Volumes: [
        {
          Name: 'db',
          Driver: 'local',
          Scope: 'local',
          Mountpoint: '/m',
          CreatedAt: '2026-01-01T00:00:00Z',
          Labels: null,
          Options: null,
        },
      ],
    });
    expect(v).toEqual({
      name: 'db',
      driver: 'local',
      scope: 'local',
      mountpoint: '/m',
      createdAt: '2026-01-01T00:00:00Z',
      labels: {},
      options: {},
      status: {},
    });
    expect(toVolumes({Volumes: null})).toEqual([]);
  });

  it('keeps volume mounts apart from binds and tmpfs, with mode, the Compose project, and strips the name slash', () => {
    const c = toContainer({
      Id: 'abc',
      Names: ['/web'],
      State: 'running',
      Labels: {'com.docker.compose.project': 'shop'},
      Mounts: [
        {Type: 'bind', Source: '/srv/conf', Destination: '/etc/x', RW: false},
        {Type: 'tmpfs', Source: '', Destination: '/run', RW: true},
        {Type: 'npipe', Source: 'x', Destination: '/y', RW: true},
        {Type: 'volume', Name: 'db', Destination: '/var/lib/db', RW: true},
        {Type: 'volume', Name: 'cfg', Destination: '/cfg', RW: false},
      ],
    });
    expect(c).toEqual({
      id: 'abc',
      name: 'web',
      state: 'running',
      mounts: [
        {volumeName: 'db', destination: '/var/lib/db', readOnly: false},
        {volumeName: 'cfg', destination: '/cfg', readOnly: true},
      ],
      hostMounts: [
        {type: 'bind', source: '/srv/conf', destination: '/etc/x', readOnly: true},
        {type: 'tmpfs', source: null, destination: '/run', readOnly: false},
      ],
      composeProject: 'shop',
    });
  });

  it('maps df usage, -1 to null', () => {
    const u = toUsage({
      Volumes: [
        {Name: 'a', UsageData: {Size: 42, RefCount: 1}},
        {Name: 'nfs', UsageData: {Size: -1, RefCount: -1}},
      ],
      Images: [],
    });
    expect(u.get('a')).toEqual({size: 42, refCount: 1});
    expect(u.get('nfs')).toEqual({size: null, refCount: null});
  });

  it('maps events of old and new engines', () => {
    expect(toEvent({Type: 'volume', Action: 'create', Actor: {ID: 'db'}})).toEqual({
      type: 'volume',
      action: 'create',
      id: 'db',
    });
    expect(toEvent({Type: 'container', status: 'start', id: 'abc'})).toEqual({
      type: 'container',
      action: 'start',
      id: 'abc',
    });
  });

  it('compares API versions numerically', () => {
    expect(apiAtLeast('1.41', '1.42')).toBe(false);
    expect(apiAtLeast('1.45', '1.42')).toBe(true);
    expect(apiAtLeast('1.100', '1.42')).toBe(true);
    expect(apiAtLeast('2.0', '1.42')).toBe(true);
  });

  it('parses NDJSON split anywhere across chunks, skipping torn lines', () => {
    const seen: unknown[] = [];
    const feed = createNdjsonParser((v) => seen.push(v));
    feed('{"a":1}\n{"b"');
    feed(':2}\nnot json\n');
    feed('{"c":3}');
    feed('\n');
    expect(seen).toEqual([{a: 1}, {b: 2}, {c: 3}]);
  });
});

describe('endpoint', () => {
  it('prefers --host, then DOCKER_HOST, then the default socket', () => {
    expect(resolveEndpoint({hostFlag: 'tcp://h:1', env: {DOCKER_HOST: 'unix:///x'}})).toMatchObject({
      url: 'tcp://h:1',
      source: '--host',
    });
    expect(resolveEndpoint({env: {DOCKER_HOST: 'unix:///x.sock'}})).toMatchObject({
      socketPath: '/x.sock',
      source: 'DOCKER_HOST',
    });
    expect(resolveEndpoint({env: {DOCKER_CONFIG: '/nonexistent'}})).toMatchObject({
      url: 'unix:///var/run/docker.sock',
      source: 'default',
    });
  });

  it('parses unix, bare paths, tcp with default port and ssh', () => {
    expect(parseEngineUrl('/run/d.sock', '--host')).toMatchObject({transport: 'unix', socketPath: '/run/d.sock'});
    expect(parseEngineUrl('tcp://10.0.0.5', '--host')).toMatchObject({transport: 'tcp', host: '10.0.0.5', port: 2375});
    expect(parseEngineUrl('ssh://me@box:2222', '--host')).toMatchObject({
      transport: 'ssh',
      host: 'box',
      port: 2222,
      username: 'me',
    });
  });

  it('rejects what it cannot use with a message naming the setting', () => {
    expect(() => parseEngineUrl('ftp://x', 'DOCKER_HOST')).toThrow(/DOCKER_HOST: unsupported scheme ftp/);
    expect(() => parseEngineUrl('unix://relative', '--host')).toThrow(EndpointError);
    expect(() => parseEngineUrl('not a url', '--host')).toThrow(/not an engine address/);
  });
});

describe('describeConnectError', () => {
  const endpoint = resolveEndpoint({env: {}});
  const err = (code: string) => Object.assign(new Error(code), {code});
  it('names the address and the likely fix for each failure', () => {
    expect(describeConnectError(err('ENOENT'), endpoint, 5000)).toMatchObject({
      what: expect.stringContaining('unix:///var/run/docker.sock (from default)'),
      fix: expect.stringContaining('Is Docker running?'),
    });
    expect(describeConnectError(err('EACCES'), endpoint, 5000).fix).toMatch(/docker group.*sudo/);
    expect(describeConnectError(err('ECONNREFUSED'), endpoint, 5000).what).toMatch(/Nothing accepts connections/);
    expect(describeConnectError(Object.assign(new Error('t'), {name: 'TimeoutError'}), endpoint, 3000).what).toMatch(
      /did not answer within 3 s/,
    );
  });
});

describe('engineMessage', () => {
  const errno = (message: string, extra: object) => Object.assign(new Error(message), extra);
  it("says in words that the connection broke, instead of Node's codes", () => {
    expect(
      engineMessage(
        errno('connect ECONNREFUSED /run/d.sock', {code: 'ECONNREFUSED', syscall: 'connect', address: '/run/d.sock'}),
      ),
    ).toBe('nothing answers at /run/d.sock (connection refused): is the engine running?');
    expect(
      engineMessage(errno('connect ENOENT /run/d.sock', {code: 'ENOENT', syscall: 'connect', address: '/run/d.sock'})),
    ).toBe('no engine socket at /run/d.sock: the engine is not running');
    expect(engineMessage(errno('aborted', {code: 'ECONNRESET'}))).toBe('the connection to the engine broke (aborted)');
  });
  it("keeps the engine's own words, and other errors as they are", () => {
    expect(
      engineMessage(errno('(HTTP code 409) conflict', {statusCode: 409, json: {message: 'volume is in use'}})),
    ).toBe('volume is in use');
    expect(engineMessage(errno('aborted', {}))).toBe('aborted');
    expect(engineMessage(errno('open /x: ENOENT', {code: 'ENOENT', syscall: 'open'}))).toBe('open /x: ENOENT');
  });
});
