import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {encryptAge} from '../../src/local/age.js';
import {TmuxSession} from '../helpers/tmux.js';

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

describe('--passphrase asks on the terminal', () => {
  let session: TmuxSession | undefined;
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });

  it('verify --passphrase asks without echoing, opens the archive, and a wrong one is refused in words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'volscope-passphrase-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'hello.txt'), 'hello\n');
    const tarGz = execFileSync('tar', ['cz', '-C', join(dir, 'data'), '.']);
    const file = join(dir, 'data.tar.gz.age');
    writeFileSync(file, await collect(encryptAge(once(tarGz), {passphrase: 'open sesame 42'})));
    expect(readFileSync(file).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    session = await TmuxSession.start(['verify', file, '--passphrase'], {columns: 250, rows: 20});
    await session.waitFor('Passphrase:');
    await session.type('open sesame 42');
    await session.keys('Enter');
    const screen = await session.waitFor('EXIT:0', 30_000);
    expect(screen).not.toContain('open sesame');
    expect(screen).toContain('age-encrypted for a passphrase; read through inside');
    await session.kill();
    session = await TmuxSession.start(['verify', file, '--passphrase'], {columns: 250, rows: 20});
    await session.waitFor('Passphrase:');
    await session.type('not it');
    await session.keys('Enter');
    const refused = await session.waitFor('EXIT:1', 30_000);
    expect(refused).toContain('encrypted for a passphrase, and the passphrase given does not open it');
  }, 60_000);
});
