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
