import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {gzipMembers} from '../../src/local/parallel-gzip.js';
import {decodeManifest, defaultBackupName, encodeManifest, leadingPaxRecords, manifestFor, paxGlobalHeader} from '../../src/model/backup-manifest.js';
import {unsafeEntryName} from '../../src/local/verify.js';
import {volume} from '../helpers/fixtures.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

describe('backup pieces', () => {
  it('compresses in parallel members that decompress to the input, in order', async () => {
    const input = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < input.length; i++) input[i] = (i * 7919) % 251;
    async function* chunks() {
      for (let i = 0; i < input.length; i += 65536) yield input.subarray(i, i + 65536);
    }
    const gz = await collect(gzipMembers(chunks(), {level: 1, parallel: 3}));
    // Three members for 11 MiB (4 MiB each), read back as one stream.
    expect(gunzipSync(gz).equals(input)).toBe(true);
    async function* nothing() {}
    expect(gunzipSync(await collect(gzipMembers(nothing(), {level: 6, parallel: 2}))).length).toBe(0);
  });

  it('writes a pax global header that carries the manifest and reads it back', () => {
    const manifest = manifestFor(volume('db', {labels: {'com.docker.compose.project': 'shop', 'ünï': 'cödé'}, options: {type: 'tmpfs'}}), new Date('2026-11-23T14:05:01Z'));
    const header = paxGlobalHeader({comment: encodeManifest(manifest)}, 1_700_000_000);
    expect(header.length % 512).toBe(0);
    expect(header[156]).toBe(0x67);
    expect(decodeManifest(leadingPaxRecords(header)?.comment)).toEqual(manifest);
    expect(decodeManifest('something else')).toBeUndefined();
    expect(leadingPaxRecords(Buffer.alloc(1024))).toBeUndefined();
  });

  it('names backups after the volume and the UTC time, and knows unsafe entry names', () => {
    expect(defaultBackupName('shop_db', new Date('2026-11-23T14:05:01.123Z'))).toBe('shop_db-20261123T140501Z.tar.gz');
    expect(unsafeEntryName('./a/b')).toBe(false);
    expect(unsafeEntryName('/etc/passwd')).toBe(true);
    expect(unsafeEntryName('./a/../../x')).toBe(true);
  });
});
