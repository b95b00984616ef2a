import {createServer, type IncomingMessage} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isHealthchecks, notifyAll, notifyRequest, shownUrl} from '../../src/notify/notify.js';

const TIME = new Date('2026-12-05T03:15:00Z');

describe('what a notification sends', () => {
  it('a healthchecks.io ping URL (hosted or self-hosted) gets /start, the URL itself, /fail, the summary as body', () => {
    const url = new URL('https://hc-ping.com/5f1b3c2e-aaaa-bbbb-cccc-1234567890ab');
    expect(isHealthchecks(url)).toBe(true);
    expect(isHealthchecks(new URL('https://hc.example.org/ping/abc'))).toBe(true);
    const what = {command: 'backup', summary: 'Backed up 3 of 3 volumes', time: TIME};
    expect(notifyRequest(url, 'start', what).url.pathname).toBe('/5f1b3c2e-aaaa-bbbb-cccc-1234567890ab/start');
    expect(notifyRequest(url, 'success', what).url.pathname).toBe('/5f1b3c2e-aaaa-bbbb-cccc-1234567890ab');
    const fail = notifyRequest(url, 'failure', {...what, summary: 'backup of db failed'});
    expect(fail.url.pathname).toBe('/5f1b3c2e-aaaa-bbbb-cccc-1234567890ab/fail');
    expect(fail.body).toBe('backup of db failed');
  });

  it('anything else gets a JSON POST with the event, command, host, exit code, summary and time', () => {
    const request = notifyRequest(new URL('https://ntfy.sh/volumes'), 'failure', {
      command: 'verify',
      summary: 'SHA-256 mismatch',
      exitCode: 1,
      time: TIME,
      host: 'box',
    });
    expect(request.url.href).toBe('https://ntfy.sh/volumes');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      source: 'volscope',
      event: 'failure',
      command: 'verify',
      host: 'box',
      exitCode: 1,
      summary: 'SHA-256 mismatch',
      time: '2026-12-05T03:15:00.000Z',
    });
  });

  it('a long summary keeps its end (where the failures are), bounded', () => {
    const request = notifyRequest(new URL('https://hc-ping.com/x'), 'failure', {
      command: 'backup',
      summary: `${'x'.repeat(50_000)}the end`,
      time: TIME,
    });
    expect(request.body.length).toBeLessThanOrEqual(10_001);
    expect(request.body.endsWith('the end')).toBe(true);
  });

  it("a warning shows the URL's origin, never its path (a ping URL's path is its secret)", () => {
    expect(shownUrl(new URL('https://hc-ping.com/5f1b3c2e'))).toBe('https://hc-ping.com/…');
  });
});

describe('sending, against a local server', () => {
  const seen: {method: string; url: string; body: string}[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({method: req.method!, url: req.url!, body});
      res.statusCode = req.url?.startsWith('/broken') ? 500 : 200;
      res.end('OK');
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('tells every URL; an error status or a closed port comes back in words, never as a throw', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failures = await notifyAll(
      [new URL(`${base}/ping/abc`), new URL(`${base}/broken/hook`), new URL(`http://127.0.0.1:${deadPort}/ping/x`)],
      'success',
      {command: 'backup', summary: 'all good', exitCode: 0},
    );
    expect(seen).toContainEqual({method: 'POST', url: '/ping/abc', body: 'all good'});
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('answered HTTP 500');
    expect(failures[1]).toMatch(/ECONNREFUSED/);
    expect(failures.join(' ')).not.toContain('/broken/hook');
  });
});
