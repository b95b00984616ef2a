import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import type {MemoryEntry} from '../../src/testing/memory-volumes.js';
import {container, volume} from '../helpers/fixtures.js';

export const IMAGE = 'volscope-test/busybox:local';

export const APP_FILES: MemoryEntry[] = [
  {path: 'conf', type: 'directory'},
  {path: 'conf/app.ini', type: 'file', content: Buffer.from('[app]\nport = 8080\n')},
  {path: 'data.bin', type: 'file', content: Buffer.alloc(70_000, 7)},
  {path: 'current', type: 'symlink', linkname: 'conf/app.ini'},
];

/** An engine with `app` (files, labels, used by a running and a paused container), an empty `spare`, and `other` with a file. */
export function engineWithFiles(): MemoryGateway {
  const engine = new MemoryGateway({
    volumes: [volume('app', {labels: {tier: 'db', 'com.example.owner': 'ops'}}), volume('spare'), volume('other')],
    containers: [
      container('web', 'running', [['app', '/data']]),
      container('worker', 'paused', [['app', '/data']]),
      container('old', 'exited', [['app', '/data']]),
    ],
  });
  engine.contents.set('app', structuredClone(APP_FILES));
  engine.contents.set('other', [{path: 'keep.txt', type: 'file', content: Buffer.from('keep')}]);
  return engine;
}

/**
 * A volume past what a restore holds back before it starts writing (16 MiB) and of several gzip
 * members, so a cut archive has written some before it fails.
 */
export function engineWithBigVolume(): MemoryGateway {
  const engine = engineWithFiles();
  const big = Buffer.alloc(24 * 1024 * 1024);
  for (let at = 0; at < big.length; at += 4096) randomBytes(64).copy(big, at);
  engine.contents.set('app', [...structuredClone(APP_FILES), {path: 'big.bin', type: 'file', content: big}]);
  return engine;
}

/** A temporary folder, removed by the returned function. */
export function scratch(): {dir: string; path(name: string): string; remove(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-ops-'));
  return {dir, path: (name) => join(dir, name), remove: () => rmSync(dir, {recursive: true, force: true})};
}

/** A volume's contents in a comparable form. */
export function listing(engine: MemoryGateway, name: string): string[] {
  return (engine.contents.get(name) ?? [])
    .map(
      (e) =>
        `${e.type} ${e.path}${e.linkname ? ` -> ${e.linkname}` : ''}${e.content ? ` ${e.content.length} ${Buffer.from(e.content).subarray(0, 8).toString('hex')}` : ''}`,
    )
    .sort();
}
