// Used by the wire-level integration tests and by npm run bench.
// A unix-socket proxy in front of the engine that counts the HTTP requests volscope makes,
// by path, so "API calls per refresh" is measured at the wire, not trusted from our own code.
import net from 'node:net';
import {rmSync} from 'node:fs';

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

// `hold(path)` true: that request never reaches the engine and never gets an answer (a hung
// engine); `held` records each such request and when the client gave up on it (closed).
export async function startCounter(listenPath, enginePath, {hold = () => false} = {}) {
  rmSync(listenPath, {force: true});
  const requests = [];
  const held = [];
  const open = new Set();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    const upstream = net.connect(enginePath);
    let holding;
    client.on('data', (chunk) => {
      if (holding) return;
      for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
        const path = match[2].replace(/^\/v[\d.]+/, '');
        requests.push({at: Date.now(), method: match[1], path});
        if (hold(path)) {
          holding = {path, at: Date.now(), closedAt: undefined};
          held.push(holding);
          client.on('close', () => (holding.closedAt = Date.now()));
        }
      }
      if (!holding) upstream.write(chunk);
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close);
    // An engine that closes after its answer (Connection: close) ends the client once that answer
    // is through: destroyed at once, the client lost what the pipe still held.
    upstream.on('close', () => client.end());
  });
  await new Promise((resolve) => server.listen(listenPath, resolve));
  return {
    requests,
    held,
    since(t) {
      return requests.filter((r) => r.at >= t);
    },
    // server.close() alone waits for keep-alive and event-stream connections to end.
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(resolve);
      }),
  };
}

export function summarize(list) {
  const byPath = {};
  for (const r of list) {
    const key = `${r.method} ${r.path.split('?')[0]}`;
    byPath[key] = (byPath[key] ?? 0) + 1;
  }
  return byPath;
}
