import {openSync} from 'node:fs';
import {ReadStream, WriteStream} from 'node:tty';

/**
 * Asks for a passphrase on the controlling terminal (/dev/tty, as age and ssh do), never echoed:
 * stdin and stdout may be an archive going through a pipe. Ctrl+C or Ctrl+D gives up.
 */
export async function askPassphrase(prompt: string): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    throw new Error(
      'there is no terminal to ask for the passphrase on: give --passphrase-file FILE or --passphrase-fd N instead.',
    );
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  input.setRawMode(true);
  output.write(prompt);
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      input.on('data', (data: Buffer) => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n') return resolve(typed);
          if (char === '\u0003' || char === '\u0004')
            return reject(new Error('no passphrase given: nothing was done.'));
          if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
          else if (char >= ' ') typed += char;
        }
      });
    });
  } finally {
    output.write('\r\n');
    input.setRawMode(false);
    input.destroy();
    output.destroy();
  }
}
