import {createHash, type Hash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {
  AGE_MAGIC,
  AgeError,
  type AgeHeaderFacts,
  type FileKey,
  headerEnd,
  headerFacts,
  headerLength,
  isAge,
  madeFor,
  openAge,
  type Unlock,
  unwrap,
} from './age.js';
import {type ArchiveReport, type ReadArchiveOptions, readArchive, readSidecar} from './verify.js';

export interface ReadBackupOptions extends ReadArchiveOptions {
  /** Keys for an age-encrypted archive; without them only its outer checksum can be checked. */
  readonly unlock?: Unlock | FileKey | undefined;
}

/**
 * readArchive for any backup: plain, gzip, or age-encrypted. An encrypted one is opened with the
 * keys given (a wrong key fails before any byte is handed on), its SHA-256 and the .sha256 beside
 * it are the encrypted file's; with no key, the file is read once for its checksum and the report
 * says the inside was not checked.
 */
export async function readBackup(
  source: AsyncIterable<Buffer>,
  options: ReadBackupOptions = {},
): Promise<ArchiveReport> {
  const input = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  const firstChunks: Buffer[] = [];
  while (head.length < AGE_MAGIC.length) {
    const next = await input.next();
    if (next.done) break;
    firstChunks.push(next.value);
    head = Buffer.concat([head, next.value]);
  }
  async function* whole(): AsyncGenerator<Buffer> {
    yield* firstChunks;
    for (let next = await input.next(); !next.done; next = await input.next()) yield next.value;
  }
  if (!isAge(head)) return readArchive(whole(), options);
  const outer = createHash('sha256');
  const bytes = hashing(whole(), outer);
  const {unlock, expectedSha256} = options;
  if (!unlock) return outerOnly(bytes, outer, expectedSha256);
  const opened = await openAge(bytes, unlock);
  const report = await readArchive(opened.plaintext, {...options, expectedSha256: undefined});
  // A chunk that does not authenticate ends the reading early: the checksum still covers the whole file.
  for await (const _ of bytes) void _;
  return withOuterChecksum(report, outer.digest('hex'), expectedSha256, opened.facts, true);
}

async function* hashing(bytes: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
}

async function outerOnly(bytes: AsyncIterable<Buffer>, outer: Hash, expectedSha256: string | undefined) {
  let header: Buffer | undefined = Buffer.alloc(0);
  let facts: AgeHeaderFacts = {stanzas: []};
  for await (const chunk of bytes) {
    if (!header) continue;
    header = Buffer.concat([header, chunk]);
    if (headerEnd(header) >= 0 || header.length > 1 << 20) {
      facts = headerFacts(header);
      header = undefined;
    }
  }
  const empty: ArchiveReport = {
    entries: 0,
    contentBytes: 0,
    compressed: true,
    sha256: '',
    expectedSha256: undefined,
    manifest: undefined,
    problems: [],
  };
  return withOuterChecksum(empty, outer.digest('hex'), expectedSha256, facts, false);
}

function withOuterChecksum(
  report: ArchiveReport,
  sha256: string,
  expectedSha256: string | undefined,
  facts: AgeHeaderFacts,
  opened: boolean,
): ArchiveReport {
  const mismatch =
    expectedSha256 && expectedSha256 !== sha256
      ? [`SHA-256 mismatch: the .sha256 beside it says ${expectedSha256}, the file is ${sha256}`]
      : [];
  return {
    ...report,
    sha256,
    expectedSha256,
    problems: [...report.problems, ...mismatch],
    sealed: {madeFor: madeFor(facts), opened},
  };
}

/** `volscope verify FILE [-i KEY]`: nothing is written. */
export async function verifyBackupFile(path: string, unlock?: Unlock): Promise<ArchiveReport> {
  const expectedSha256 = await readSidecar(path);
  return readBackup(createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>, {
    expectedSha256,
    unlock,
  });
}

/**
 * Before a restore changes anything: is the archive encrypted, and do the keys given open it? The
 * bytes read to know are handed on again in `source`; `unlock` is then the file key itself, so the
 * restore does not unwrap it a second time (a passphrase costs a second of scrypt).
 */
export async function unlockEarly(
  source: AsyncIterable<Buffer>,
  unlock: Unlock | undefined,
): Promise<{source: AsyncIterable<Buffer>; unlock: FileKey | undefined}> {
  const input = source[Symbol.asyncIterator]();
  const read: Buffer[] = [];
  let head = Buffer.alloc(0);
  const more = async () => {
    const next = await input.next();
    if (next.done) return false;
    read.push(next.value);
    head = Buffer.concat([head, next.value]);
    return true;
  };
  while (head.length < AGE_MAGIC.length && (await more()));
  async function* replay(): AsyncGenerator<Buffer> {
    yield* read;
    for (let next = await input.next(); !next.done; next = await input.next()) yield next.value;
  }
  if (!isAge(head)) return {source: replay(), unlock: undefined};
  while (headerEnd(head) < 0 && head.length <= 1 << 20 && (await more()));
  const header = head.subarray(0, headerLength(head));
  const facts = headerFacts(header);
  if (!unlock)
    throw new AgeError(
      'locked',
      `it is encrypted with age for ${madeFor(facts)}: give -i IDENTITY_FILE or --passphrase`,
    );
  return {source: replay(), unlock: {fileKey: await unwrap(header, unlock, facts)}};
}
