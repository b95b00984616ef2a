import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import type {Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/**
 * A fake engine on a unix socket that answers as a broken or hostile one would: malformed JSON,
 * truncated bodies, huge labels, 100,000 volumes, escape sequences and invalid UTF-8 in names,
 * an event stream of garbage, a slow drip, connections reset mid-list. The in-process tests
 * (test/docker/hostile-engine.test.ts) and the real binary in a terminal (test/e2e/hostile-engine.test.ts)
 * both talk to it.
 */
export type FakeEngineMode =
  | 'malformed'
  | 'truncated'
  | 'hugeLabel'
  | 'many'
  | 'hostileNames'
  | 'drip'
  | 'reset'
  | 'fine';

export interface FakeEngine {
  readonly url: string;
  mode: FakeEngineMode;
  events: 'garbage' | 'quiet';
  /** Event streams opened so far: a client that reconnected after a stream closed has opened two. */
  eventStreams: number;
  close(): Promise<void>;
}

const volume = (name: string, labels: Record<string, string> = {}) => ({
  Name: name,
  Driver: 'local',
  Scope: 'local',
  Mountpoint: `/var/lib/docker/volumes/${name}/_data`,
  CreatedAt: '2026-11-01T00:00:00Z',
  Labels: labels,
  Options: null,
});

function volumesBody(mode: FakeEngineMode): Buffer {
  switch (mode) {
    case 'hugeLabel':
      return Buffer.from(
        JSON.stringify({Volumes: [volume('big-label', {note: 'x'.repeat(1 << 20)}), volume('plain')], Warnings: null}),
      );
    case 'many':
      return Buffer.from(
        JSON.stringify({
          Volumes: Array.from({length: 100_000}, (_, i) => volume(`v-${String(i).padStart(6, '0')}`)),
          Warnings: null,
        }),
      );
    case 'hostileNames': {
      // Invalid UTF-8 (0xff 0xfe) and escape sequences inside JSON strings, as a hostile engine might send them.
      const json = JSON.stringify({
        Volumes: [volume('evil\u001b]2;PWNED\u0007name'), volume('bytes-PLACEHOLDER'), volume('\u001b[2Jclear')],
        Warnings: null,
      });
      return Buffer.concat(
        json
          .split('PLACEHOLDER')
          .flatMap((part, i) => (i ? [Buffer.from([0xff, 0xfe]), Buffer.from(part)] : [Buffer.from(part)])),
      );
    }
    default:
      return Buffer.from(JSON.stringify({Volumes: [volume('ok-volume')], Warnings: null}));
  }
}

export async function startFakeEngine(): Promise<FakeEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-fake-engine-'));
  const socket = join(dir, 'fake.sock');
  const open = new Set<Socket>();
  const engine: FakeEngine = {url: `unix://${socket}`, mode: 'fine', events: 'quiet', eventStreams: 0, close};

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const mode = engine.mode;
    const json = (body: unknown) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(JSON.stringify(body));
    };
    if (url.includes('/_ping')) {
      res.end('OK');
      return;
    }
    if (url.includes('/version')) {
      json({Version: 'fake', ApiVersion: '1.45'});
      return;
    }
    if (url.includes('/containers/json')) {
      json([]);
      return;
    }
    if (url.includes('/system/df')) {
      json({Volumes: []});
      return;
    }
    if (url.includes('/events')) {
      engine.eventStreams += 1;
      res.writeHead(200, {'Content-Type': 'application/json'});
      if (engine.events === 'garbage') {
        res.write('{"Type":"volume","Action":"cre\u0000\u0001garbage}}}\n{not json at all\n');
        setTimeout(() => res.destroy(), 50);
      }
      return;
    }
    if (url.includes('/volumes')) {
      const body = volumesBody(mode);
      if (mode === 'malformed') {
        res.writeHead(200, {'Content-Type': 'application/json'});
        return void res.end('{"Volumes": [{"Name": "half", "Driver": ');
      }
      if (mode === 'truncated') {
        res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': String(body.length + 5000)});
        res.write(body);
        return void setTimeout(() => res.destroy(), 20);
      }
      if (mode === 'reset') {
        res.writeHead(200, {'Content-Type': 'application/json'});
        res.write(body.subarray(0, 10));
        return void setTimeout(() => req.socket.destroy(), 20);
      }
      if (mode === 'drip') {
        res.writeHead(200, {'Content-Type': 'application/json'});
        let at = 0;
        const timer = setInterval(() => {
          if (at >= body.length || res.destroyed) return clearInterval(timer);
          res.write(body.subarray(at, at + 1));
          at += 1;
        }, 1000);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(200, {'Content-Type': 'application/json'});
      return void res.end(body);
    }
    res.writeHead(404, {'Content-Type': 'application/json'});
    res.end(JSON.stringify({message: 'page not found'}));
  }

  const server: Server = createServer(handle);
  server.on('connection', (s) => (open.add(s), s.on('close', () => open.delete(s))));
  await new Promise<void>((resolve) => server.listen(socket, resolve));

  async function close(): Promise<void> {
    for (const s of open) s.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, {recursive: true, force: true});
  }
  return engine;
}
