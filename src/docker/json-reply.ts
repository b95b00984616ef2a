import type Docker from 'dockerode';
import {sanitize} from '../model/sanitize.js';

/** The engine answered, but not with something volscope can read: said in words, never a parser's stack. */
export class EngineReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineReplyError';
  }
}

/**
 * Reads a JSON answer from the response stream itself rather than through docker-modem, which
 * waits forever on a body cut short (the socket closes, 'end' never comes) and hands a body that
 * is not JSON back as a string — which a caller then takes for an empty list.
 */
export function readJsonReply(
  stream: NodeJS.ReadableStream & {headers?: Record<string, string | string[] | undefined>},
  what: string,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const expected = Number(stream.headers?.['content-length'] ?? NaN);
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      reject(new EngineReplyError(message));
    };
    const brokeOff = () =>
      fail(
        `the engine's answer to ${what} broke off after ${bytes.toLocaleString('en-US')} bytes (the connection closed mid-answer)`,
      );
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
    });
    stream.on('aborted', brokeOff);
    stream.on('error', (error: Error) => {
      if (settled) return;
      if (error.name !== 'AbortError') return brokeOff();
      settled = true;
      reject(error);
    });
    stream.on('close', () => setImmediate(() => !settled && brokeOff()));
    stream.on('end', () => {
      if (settled) return;
      if (Number.isFinite(expected) && bytes < expected) return brokeOff();
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        settled = true;
        resolve(JSON.parse(text));
      } catch {
        settled = false;
        fail(
          `the engine's answer to ${what} is not valid JSON (${bytes.toLocaleString('en-US')} bytes, starting "${sanitize(text.slice(0, 40))}")`,
        );
      }
    });
  });
}

type DialOptions = {
  path: string;
  method: string;
  options?: Record<string, unknown>;
  abortSignal?: AbortSignal;
  isStream?: boolean;
  statusCodes: Record<number, boolean | string>;
};
interface Modem {
  dial(options: DialOptions, callback: (error: unknown, data: unknown) => void): void;
}

/** GET `path` and its JSON, read by us (json-reply.ts): a broken or non-JSON answer is an error in words. */
export async function getJson(
  docker: Docker,
  path: string,
  options: Record<string, unknown>,
  signal: AbortSignal | undefined,
  errors: Record<number, string> = {},
): Promise<unknown> {
  const stream = (await dial(docker, {
    path,
    method: 'GET',
    options,
    isStream: true,
    statusCodes: {200: true, 400: 'bad parameter', 404: 'not found', 500: 'server error', ...errors},
    ...(signal ? {abortSignal: signal} : {}),
  })) as NodeJS.ReadableStream;
  return readJsonReply(stream, `GET ${path.replace(/\?$/, '')}`);
}

function dial(docker: Docker, options: DialOptions): Promise<unknown> {
  const modem = docker.modem as unknown as Modem;
  return new Promise((resolve, reject) =>
    modem.dial(options, (error, data) => (error ? reject(error) : resolve(data))),
  );
}
