import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {verifyArchive} from '../../src/local/verify.js';
import {damagedVariants, gzipBomb, hostileVariants, realBackup, type Variant} from '../helpers/archive-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'volscope-corpus-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function verifyVariant(variant: Variant, sha256: string | undefined, index: number) {
  const path = join(dir, `v${index}.tar.gz`);
  writeFileSync(path, variant.bytes);
  rmSync(`${path}.sha256`, {force: true});
  if (variant.sidecar && sha256) writeFileSync(`${path}.sha256`, `${sha256}  v${index}.tar.gz\n`);
  try {
    return await verifyArchive(path);
  } finally {
    rmSync(path, {force: true});
    rmSync(`${path}.sha256`, {force: true});
  }
}

describe('verify over a corpus of damaged and hostile archives', () => {
  it('the real backup itself passes', async () => {
    const backup = await realBackup();
    const path = join(dir, 'good.tar.gz');
    writeFileSync(path, backup.bytes);
    writeFileSync(`${path}.sha256`, `${backup.sha256}  good.tar.gz\n`);
    const report = await verifyArchive(path);
    expect(report.problems).toEqual([]);
    expect(report.manifest?.volume.name).toBe('corpus');
    expect(backup.members.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects every one of 500+ damaged copies, with the reason in words, and never throws', async () => {
    const backup = await realBackup();
    const variants = await damagedVariants();
    expect(variants.length).toBeGreaterThanOrEqual(500);
    const byKind = new Map<string, {tried: number; rejected: number; how: Map<string, number>}>();
    const accepted: string[] = [];
    for (const [index, variant] of variants.entries()) {
      const report = await verifyVariant(variant, backup.sha256, index);
      const row = byKind.get(variant.kind) ?? {tried: 0, rejected: 0, how: new Map()};
      byKind.set(variant.kind, row);
      row.tried += 1;
      if (report.problems.length === 0) accepted.push(`${variant.kind}: ${variant.name}`);
      else {
        row.rejected += 1;
        // The first problem names how it was caught: gzip, tar structure, or the checksum.
        const how = report.problems[0]!.replace(/".*?"|\d+/g, '…').replace(/: .*$/, '');
        row.how.set(how, (row.how.get(how) ?? 0) + 1);
      }
    }
    const table = [...byKind].map(
      ([kind, r]) =>
        `${kind}: ${r.rejected}/${r.tried} rejected — ${[...r.how].map(([h, n]) => `${n}× ${h}`).join('; ')}`,
    );
    console.log(`archive corpus (${variants.length} variants):\n  ${table.join('\n  ')}`);
    expect(accepted).toEqual([]);
  }, 120_000);

  it('refuses every hostile entry, naming it; reads a 300-level-deep tree', async () => {
    const results: Array<{variant: Variant; report: Awaited<ReturnType<typeof verifyArchive>>}> = [];
    for (const [index, variant] of (await hostileVariants()).entries())
      results.push({variant, report: await verifyVariant(variant, undefined, 10_000 + index)});
    for (const {variant, report} of results) {
      if (variant.kind === 'extreme but valid') expect(report.problems, variant.name).toEqual([]);
      else expect(report.problems.length, variant.name).toBeGreaterThan(0);
    }
    const problem = (name: string) => results.find((r) => r.variant.name === name)!.report.problems.join('; ');
    expect(problem('file through a symlink out of the volume')).toContain(
      'would be written through the link "out" the archive made',
    );
    expect(problem('hard link to an outside path')).toContain('points outside the volume');
    expect(problem('pax path override')).toContain('"../escaped-by-pax.txt" would be written outside the volume');
    expect(problem('character device')).toContain('is a device node');
    expect(problem('10,000-character name')).toContain('longer than 255 bytes');
  }, 60_000);

  it('streams a gzip bomb (a 2 GiB file of zeros from 2 MB) in bounded memory: a valid archive, read for its time only', async () => {
    const bomb = await gzipBomb(2);
    const path = join(dir, 'bomb.tar.gz');
    writeFileSync(path, bomb);
    // Its peak RSS is a budget in the bench (bench/pressure.js: 150 MB).
    const report = await verifyArchive(path);
    expect(report.problems).toEqual([]);
    expect(report.contentBytes).toBe(2 * 2 ** 30);
  }, 120_000);
});
