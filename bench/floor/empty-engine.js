// An engine with nothing on it, for the memory floor of volscope itself: a unix-socket HTTP server
// answering the calls a settled TUI makes (ping, version, info, the two lists, disk usage, the
// helper sweep's filtered lists) with empty answers, and holding the event stream open. What
// volscope keeps on top of this one is what its volumes cost.
import {rmSync} from 'node:fs';
import http from 'node:http';

const ANSWERS = [
  [/^\/_ping/, 'OK'],
  [/^\/version/, {Version: '26.1.0', ApiVersion: '1.45', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64'}],
  [
    /^\/info/,
    {ID: 'empty-engine', Name: 'empty', ServerVersion: '26.1.0', OperatingSystem: 'bench', Driver: 'overlay2'},
  ],
  [/^\/volumes\/?(\?|$)/, {Volumes: [], Warnings: []}],
  [/^\/containers\/json/, []],
  [/^\/system\/df/, {LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: []}],
];

export async function startEmptyEngine(socketPath) {
  rmSync(socketPath, {force: true});
  const streams = new Set();
  const server = http.createServer((req, res) => {
    const path = req.url.replace(/^\/v[\d.]+/, '');
    if (path.startsWith('/events')) {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.flushHeaders();
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    const answer = ANSWERS.find(([pattern]) => pattern.test(path))?.[1];
    if (answer === undefined) {
      res.writeHead(404, {'Content-Type': 'application/json'}).end(JSON.stringify({message: `no such thing: ${path}`}));
      return;
    }
    const body = typeof answer === 'string' ? answer : JSON.stringify(answer);
    res.writeHead(200, {'Content-Type': typeof answer === 'string' ? 'text/plain' : 'application/json'}).end(body);
  });
  await new Promise((resolve) => server.listen(socketPath, resolve));
  return {
    url: `unix://${socketPath}`,
    close: () =>
      new Promise((resolve) => {
        for (const stream of streams) stream.destroy();
        server.close(resolve);
      }),
  };
}
