import {notifyAll} from '../notify/notify.js';
import {EXIT, ReportedError} from './errors.js';

export interface NotifiedIo {
  readonly out: NodeJS.WritableStream & {isTTY?: boolean};
  readonly err: NodeJS.WritableStream & {isTTY?: boolean};
}

/** Checks --notify URLs up front: a typo must not wait for the end of a long backup to show. */
export function notifyUrls(texts: readonly string[]): URL[] {
  return texts.map((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ReportedError(`--notify ${text}: not a URL (http://… or https://…).`, EXIT.usage);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ReportedError(`--notify ${text}: only http:// and https:// URLs can be told.`, EXIT.usage);
    return url;
  });
}

/** What a run printed, as a monitor should read it: no escape sequences, no progress lines. */
function plain(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n')
    .trim();
}

/** The same stream, every write also recorded: writes stay synchronous and in order with the rest. */
function recording<T extends NodeJS.WritableStream>(target: T, record: (text: string) => void): T {
  return new Proxy(target, {
    get(stream, property, receiver) {
      if (property === 'write')
        return (chunk: Buffer | string, ...rest: unknown[]) => {
          record(chunk.toString());
          return (stream.write as (...args: unknown[]) => boolean)(chunk, ...rest);
        };
      const value = Reflect.get(stream, property, receiver);
      return typeof value === 'function' ? value.bind(stream) : value;
    },
  });
}

/**
 * Runs a command between its notifications: start before, then success or failure with what it
 * printed (stderr, and stdout unless that carries the archive itself). A notification that fails is
 * a warning on stderr; it never changes the command's exit code.
 */
export async function notified(
  texts: readonly string[],
  command: string,
  io: NotifiedIo,
  run: (io: NotifiedIo) => Promise<number>,
  options: {stdoutIsData?: boolean} = {},
): Promise<number> {
  if (!texts.length) return run(io);
  const urls = notifyUrls(texts);
  const warn = (lines: string[]) => {
    for (const line of lines) io.err.write(`volscope: warning: ${line}; the ${command} itself is not affected.\n`);
  };
  warn(await notifyAll(urls, 'start', {command, summary: `volscope ${command} started`}));
  let printed = '';
  const record = (text: string) => {
    printed += text;
  };
  const teed: NotifiedIo = {
    out: options.stdoutIsData ? io.out : recording(io.out, record),
    err: recording(io.err, record),
  };
  let code: number;
  try {
    code = await run(teed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warn(await notifyAll(urls, 'failure', {command, summary: plain(`${printed}\n${message}`), exitCode: EXIT.failure}));
    throw error;
  }
  const event = code === EXIT.ok ? 'success' : 'failure';
  const summary = plain(printed) || `volscope ${command}: ${event === 'success' ? 'done' : 'failed'} (exit ${code})`;
  warn(await notifyAll(urls, event, {command, summary, exitCode: code}));
  return code;
}
