import {createHash} from 'node:crypto';
import {lstatSync, readFileSync, readdirSync, readlinkSync} from 'node:fs';
import {join} from 'node:path';
import {type TestEngine, docker} from './engines.js';

/**
 * The test engines run on this machine (scripts/test-engine.sh), and a volume of the local driver
 * is a folder on it: the engine's Mountpoint. The crash harness reads and fills volumes there, as
 * an observer beside the engine, instead of through a container: each `docker run` costs ~350 ms
 * of CPU (create, start, wait, remove), and a crash case looked at its volumes two or three times.
 * Volscope itself still does everything through the engine.
 */
export async function hostPathOf(engine: TestEngine, volume: string): Promise<string> {
  return docker(engine, 'volume', 'inspect', '--format', '{{.Mountpoint}}', volume);
}

/**
 * What the volume holds, as one comparable text: every path with its type, mode and owner, each
 * link's target, and each file's SHA-256, sorted. Fails when the volume does not exist.
 */
export async function contentOf(engine: TestEngine, volume: string): Promise<string> {
  return treeText(await hostPathOf(engine, volume));
}

function treeText(root: string): string {
  const lines: string[] = [];
  const walk = (relative: string): void => {
    const path = join(root, relative);
    const stat = lstatSync(path);
    const head = `${relative} ${(stat.mode & 0o7777).toString(8)} ${stat.uid}:${stat.gid}`;
    if (stat.isDirectory()) {
      lines.push(`${head} directory`);
      for (const name of readdirSync(path)) whileThere(() => walk(relative === '.' ? name : `${relative}/${name}`));
    } else if (stat.isSymbolicLink()) lines.push(`${head} link -> ${readlinkSync(path)}`);
    else if (stat.isFile()) lines.push(`${head} file ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    else lines.push(`${head} other`);
  };
  walk('.');
  return lines.sort().join('\n');
}

/**
 * A killed run's helper can still be at work in the volume (removing files, until the sweep
 * removes it): what goes while it is read is not there, as `find` in a container skipped it.
 */
function whileThere(read: () => void): void {
  try {
    read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
