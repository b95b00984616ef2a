import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/volscope.js', import.meta.url));
/** The single executable (npm run build:binary; npm test builds it). */
export const SINGLE_FILE = fileURLToPath(new URL('../../dist/volscope', import.meta.url));

/** Where the commands under test keep state (the folders backups went to): never the developer's own. */
export const STATE_HOME = mkdtempSync(join(tmpdir(), 'volscope-state-'));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command (or, with `executable`, the single file) with stdin and stdout as pipes (not a terminal). */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  executable?: string,
  /** What stdin holds (a passphrase for --passphrase-fd 0, an archive for restore -). */
  input?: string | Buffer,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, argv] = executable ? [executable, args] : [process.execPath, [BIN, ...args]];
    const child = spawn(command, argv, {
      env: {...process.env, XDG_STATE_HOME: STATE_HOME, ...env},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
