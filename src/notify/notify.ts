import {request as httpRequest} from 'node:http';
import {request as httpsRequest} from 'node:https';
import {hostname} from 'node:os';

/**
 * Tells monitors how a scheduled run went: on start, on success and on failure. A healthchecks.io
 * ping URL (hc-ping.com, or any `/ping/…` path of a self-hosted one) gets its own protocol — URL/start,
 * URL, URL/fail, the summary as the body — and any other URL a JSON POST (ntfy, Uptime Kuma, a
 * webhook). node:http rather than fetch: fetch loads undici, ~15 MB more in a command whose memory
 * has a budget, for three small requests.
 */

export type NotifyEvent = 'start' | 'success' | 'failure';

const TIMEOUT_MS = 10_000;
/** Bodies are summaries; a run over many volumes that all failed must not post megabytes. */
const BODY_LIMIT = 10_000;

export function isHealthchecks(url: URL): boolean {
  return url.hostname === 'hc-ping.com' || url.hostname.endsWith('.hc-ping.com') || /\/ping\/[^/]+/.test(url.pathname);
}

/** The URL with its path hidden: a ping URL's path is its secret, and warnings go to cron mail. */
export function shownUrl(url: URL): string {
  return url.pathname.length > 1 ? `${url.origin}/…` : url.origin;
}

export interface NotifyRequest {
  readonly url: URL;
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What one event sends to one URL (pure: the tests read it). */
export function notifyRequest(
  url: URL,
  event: NotifyEvent,
  what: {command: string; summary: string; exitCode?: number | undefined; time: Date; host?: string},
): NotifyRequest {
  const summary = what.summary.length > BODY_LIMIT ? `…${what.summary.slice(-BODY_LIMIT)}` : what.summary;
  if (isHealthchecks(url)) {
    const suffix = event === 'start' ? '/start' : event === 'failure' ? '/fail' : '';
    const target = new URL(url);
    target.pathname = `${url.pathname.replace(/\/$/, '')}${suffix}`;
    return {url: target, method: 'POST', headers: {'content-type': 'text/plain; charset=utf-8'}, body: summary};
  }
  const body = JSON.stringify({
    source: 'volscope',
    event,
    command: what.command,
    host: what.host ?? hostname(),
    ...(what.exitCode !== undefined ? {exitCode: what.exitCode} : {}),
    summary,
    time: what.time.toISOString(),
  });
  return {url, method: 'POST', headers: {'content-type': 'application/json'}, body};
}

/** Sends one request; resolves with the HTTP status, rejects on a network error, a timeout or a status ≥ 400. */
export function send(request: NotifyRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const make = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = Buffer.from(request.body);
    const req = make(
      request.url,
      {
        method: request.method,
        headers: {...request.headers, 'content-length': String(body.length), 'user-agent': 'volscope'},
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 400) reject(new Error(`it answered HTTP ${status}`));
          else resolve(status);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Every URL told of one event, at once; each failure comes back in words, never as a throw. */
export async function notifyAll(
  urls: readonly URL[],
  event: NotifyEvent,
  what: {command: string; summary: string; exitCode?: number | undefined},
): Promise<string[]> {
  const time = new Date();
  const outcomes = await Promise.allSettled(urls.map((url) => send(notifyRequest(url, event, {...what, time}))));
  return outcomes.flatMap((outcome, i) =>
    outcome.status === 'rejected'
      ? [`--notify ${shownUrl(urls[i]!)} (${event}) failed: ${(outcome.reason as Error).message}`]
      : [],
  );
}
