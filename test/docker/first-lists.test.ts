import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {askFirstLists, FirstLists} from '../../src/docker/first-lists.js';
import {scratchFolders} from '../helpers/scratch.js';

/**
 * The first two lists asked for over a local socket before dockerode loads: a real HTTP server on a
 * unix socket plays the engine, and counts what it was asked.
 */
const scratch = scratchFolders('volscope-first-lists-');

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

const VOLUMES = {
  Volumes: [{Name: 'db', Driver: 'local', Labels: {}, Scope: 'local', Mountpoint: '/x'}],
  Warnings: null,
};
const CONTAINERS = [
  {Id: 'c1', Names: ['/shop-db-1'], State: 'running', Mounts: [{Type: 'volume', Name: 'db', Destination: '/data'}]},
];

const json =
  (body: unknown): Answer =>
  (_request, response) => {
    response.writeHead(200, {'content-type': 'application/json'});
    response.end(JSON.stringify(body));
  };

interface FakeEngine {
  readonly socket: string;
  readonly asked: string[];
  /** Resolves once a request to this path has come and the client closed its connection. */
  closed(path: string): Promise<void>;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

async function engine(answers: Record<string, Answer>): Promise<FakeEngine> {
  const socket = join(scratch(), 'engine.sock');
  const asked: string[] = [];
  const closes = new Map<string, () => void>();
  const closed = new Map<string, Promise<void>>();
  const closedOf = (path: string) => {
    if (!closed.has(path)) closed.set(path, new Promise((resolve) => closes.set(path, resolve)));
    return closed.get(path)!;
  };
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    asked.push(path);
    void closedOf(path);
    request.socket.on('close', () => closes.get(path)?.());
    const answer = answers[path];
    if (answer) answer(request, response);
    else {
      response.writeHead(404);
      response.end('{"message":"page not found"}');
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {socket, asked, closed: closedOf};
}

const fine = () => engine({'/volumes': json(VOLUMES), '/containers/json?all=true': json(CONTAINERS)});

describe('the first lists, asked for before the engine session loads', () => {
  it('asks each list once and reads it as the gateway does', async () => {
    const fake = await fine();
    const lists = new FirstLists(fake.socket);
    await lists.sent;
    const [volumes, containers] = await Promise.all([lists.volumes, lists.containers]);
    expect(volumes.map((v) => v.name)).toEqual(['db']);
    expect(containers.map((c) => [c.name, c.state, c.mounts.map((m) => m.volumeName)])).toEqual([
      ['shop-db-1', 'running', ['db']],
    ]);
    expect(fake.asked.sort()).toEqual(['/containers/json?all=true', '/volumes']);
  });

  it('hands each answer to its first user only: the next list is asked afresh', async () => {
    const fake = await fine();
    const lists = new FirstLists(fake.socket);
    let fresh = 0;
    const again = async () => {
      fresh += 1;
      return [];
    };
    expect((await lists.use('volumes', undefined, again)).map((v) => v.name)).toEqual(['db']);
    expect(await lists.use('volumes', undefined, again)).toEqual([]);
    expect(fresh).toBe(1);
    expect((await lists.use('containers', undefined, again)).length).toBe(1);
    expect(fresh).toBe(1);
  });

  it('asks afresh when its answer failed, so the user reads the usual words for it', async () => {
    const fake = await engine({
      '/volumes': (_request, response) => {
        response.writeHead(500);
        response.end('{"message":"boom"}');
      },
      '/containers/json?all=true': (_request, response) => {
        response.writeHead(200);
        response.end('[{"Id": "c1", "Na');
      },
    });
    const lists = new FirstLists(fake.socket);
    const fresh = (what: string) => () => Promise.reject(new Error(`${what}, asked again`));
    await expect(lists.use('volumes', undefined, fresh('volumes'))).rejects.toThrow('volumes, asked again');
    await expect(lists.use('containers', undefined, fresh('containers'))).rejects.toThrow('containers, asked again');
  });

  it('asks afresh when nothing listens on the socket', async () => {
    const lists = new FirstLists(join(scratch(), 'nobody.sock'));
    await lists.sent;
    expect(await lists.use('volumes', undefined, async () => [])).toEqual([]);
  });

  it('gives up on an answer that hangs when its caller does, and closes that request', async () => {
    const fake = await engine({'/volumes': () => {}, '/containers/json?all=true': json(CONTAINERS)});
    const lists = new FirstLists(fake.socket);
    await lists.sent;
    const caller = new AbortController();
    let fresh = 0;
    const waiting = lists.use('volumes', caller.signal, async () => {
      fresh += 1;
      return [];
    });
    caller.abort(new Error('the list got no answer within 30 s'));
    await expect(waiting).rejects.toThrow('no answer within 30 s');
    await fake.closed('/volumes');
    expect(fresh).toBe(0);
  });

  it('is asked only of engines reached over a local socket', () => {
    const common = {timeout: 1000, readOnly: false};
    const local = askFirstLists({...common, host: `unix://${join(scratch(), 'none.sock')}`});
    expect(local?.endpoint.transport).toBe('unix');
    expect(local?.lists).toBeInstanceOf(FirstLists);
    local?.lists?.abandon();
    const remote = askFirstLists({...common, host: 'tcp://203.0.113.9:2375'});
    expect(remote?.endpoint.transport).toBe('tcp');
    expect(remote?.lists).toBeUndefined();
    // An address that names no engine: the engine session says so, in its own words.
    expect(askFirstLists({...common, host: 'bogus://where'})).toBeUndefined();
  });
});

describe("the start of the engine's answers, which ls's --timeout bounds", () => {
  it('comes with both status lines, before a body has ended', async () => {
    let finish = () => {};
    const fake = await engine({
      '/volumes': (_request, response) => {
        response.writeHead(200, {'content-type': 'application/json'});
        response.write('{"Volumes": [');
        finish = () => response.end(']}');
      },
      '/containers/json?all=true': json(CONTAINERS),
    });
    const lists = new FirstLists(fake.socket);
    let volumesRead = false;
    void lists.volumes.then(() => (volumesRead = true));
    await lists.begun;
    expect(volumesRead).toBe(false);
    finish();
    expect(await lists.volumes).toEqual([]);
  });

  it('waits while an engine holds a request without answering', async () => {
    const fake = await engine({'/volumes': () => {}, '/containers/json?all=true': json(CONTAINERS)});
    const lists = new FirstLists(fake.socket);
    let begun = false;
    void lists.begun.then(() => (begun = true));
    await lists.containers;
    expect(begun).toBe(false);
    lists.abandon();
    await lists.begun;
    await fake.closed('/volumes');
  });

  it('comes when a request fails, so the usual path can say why', async () => {
    const lists = new FirstLists(join(scratch(), 'nobody.sock'));
    await lists.begun;
    await expect(lists.volumes).rejects.toThrow();
  });
});
