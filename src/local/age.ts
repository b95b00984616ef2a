import {createCipheriv, createDecipheriv, hkdfSync, randomBytes} from 'node:crypto';
import type {Recipient} from 'age-encryption';

/**
 * age (https://age-encryption.org/v1) for backups. The header — wrapping the file key for each
 * recipient (X25519, post-quantum hybrid, scrypt) and its MAC — is the reference TypeScript
 * implementation's (`age-encryption`); the payload, 64 KiB ChaCha20-Poly1305 chunks, goes through
 * node:crypto (OpenSSL): the library's JavaScript cipher runs at ~150 MB/s on one core, which would
 * make an encrypted backup of incompressible data a third slower than a plain one.
 */

export const AGE_MAGIC = Buffer.from('age-encryption.org/v1\n');

/** The library (300 KB with its post-quantum code) is loaded when a key is first used, not with every backup or the TUI. */
const library = () => import('age-encryption');
export const CHUNK = 64 * 1024;
export const TAG = 16;
/** A header is a few lines a recipient; this bounds what a hostile file can make us hold. */
export const HEADER_LIMIT = 1 << 20;

/** Who can open a backup: public keys (`age1…`), or one passphrase. */
export type Encryption = {readonly recipients: readonly string[]} | {readonly passphrase: string};

/** Who is opening one: secret keys (`AGE-SECRET-KEY-1…`) and/or passphrases. */
export interface Unlock {
  readonly identities: readonly string[];
  readonly passphrases: readonly string[];
}

/** A file key already unwrapped (by an early check, or the writer's own for its read-back). */
export interface FileKey {
  readonly fileKey: Uint8Array;
}

export class AgeError extends Error {
  constructor(
    readonly reason: 'noMatch' | 'damaged' | 'notAge' | 'badKey' | 'locked',
    message: string,
  ) {
    super(message);
    this.name = 'AgeError';
  }
}

export function isAge(head: Uint8Array): boolean {
  return Buffer.from(head.subarray(0, AGE_MAGIC.length)).equals(AGE_MAGIC);
}

/**
 * The header and the file key, from the library. The key is taken from inside its own recipient
 * loop (a recipient that wraps nothing sees the key every real one wraps); a passphrase stanza
 * must stand alone, so there the key is unwrapped again from the header (one more scrypt, ~1 s).
 */
async function headerFor(encryption: Encryption): Promise<{header: Buffer; fileKey: Uint8Array}> {
  const {Encrypter, Decrypter} = await library();
  const encrypter = new Encrypter();
  let fileKey: Uint8Array | undefined;
  if ('passphrase' in encryption) encrypter.setPassphrase(encryption.passphrase);
  else {
    for (const recipient of encryption.recipients) {
      try {
        encrypter.addRecipient(recipient);
      } catch (error) {
        throw new AgeError('badKey', `${recipient} is not an age recipient: ${(error as Error).message}`);
      }
    }
    const witness: Recipient = {
      wrapFileKey(key) {
        fileKey = key.slice();
        return [];
      },
    };
    encrypter.addRecipient(witness);
  }
  const sample = Buffer.from(await encrypter.encrypt(new Uint8Array(0)));
  const header = sample.subarray(0, headerLength(sample));
  if (!fileKey && 'passphrase' in encryption) {
    const decrypter = new Decrypter();
    decrypter.addPassphrase(encryption.passphrase);
    fileKey = await decrypter.decryptHeader(header);
  }
  return {header, fileKey: fileKey!};
}

/** Bytes up to and including the `--- MAC` line; -1 while the header has not ended yet. */
export function headerEnd(bytes: Buffer): number {
  const mac = bytes.indexOf('\n--- ');
  const end = mac < 0 ? -1 : bytes.indexOf(0x0a, mac + 1);
  return end < 0 ? -1 : end + 1;
}

/** headerEnd of bytes that must hold the whole header. */
export function headerLength(bytes: Buffer): number {
  const end = headerEnd(bytes);
  if (end < 0) throw new AgeError('damaged', 'the age header never ends: the file is cut short or not age');
  return end;
}

export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
}

export function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(counter, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** One file's encryptor: `head` first, then what `push` and `end` return, in order. */
export class AgeEncryptor {
  /** The chunk being filled: plaintext is copied once, into it, and sealed from it. */
  private readonly staged = Buffer.allocUnsafe(CHUNK);
  private filled = 0;
  private counter = 0;

  private constructor(
    readonly head: Buffer,
    private readonly key: Buffer,
    /** Kept for the read-back, which decrypts what was written without asking for an identity. */
    readonly fileKey: Uint8Array,
  ) {}

  static async open(encryption: Encryption): Promise<AgeEncryptor> {
    const {header, fileKey} = await headerFor(encryption);
    const nonce = randomBytes(16);
    return new AgeEncryptor(Buffer.concat([header, nonce]), payloadKey(fileKey, nonce), fileKey);
  }

  /**
   * Ciphertext (with tags) for every chunk now known not to be the last: a full chunk is held
   * until a byte follows it, since the last one is sealed differently.
   */
  push(plaintext: Buffer): Buffer[] {
    const out: Buffer[] = [];
    for (let at = 0; at < plaintext.length; ) {
      if (this.filled === CHUNK) {
        out.push(...this.seal(false));
        this.filled = 0;
      }
      const copied = plaintext.copy(this.staged, this.filled, at);
      this.filled += copied;
      at += copied;
    }
    return out;
  }

  end(): Buffer[] {
    return this.seal(true);
  }

  private seal(last: boolean): Buffer[] {
    const cipher = createCipheriv('chacha20-poly1305', this.key, chunkNonce(this.counter, last), {
      authTagLength: TAG,
    });
    this.counter += 1;
    const body = cipher.update(this.staged.subarray(0, this.filled));
    cipher.final();
    return [body, cipher.getAuthTag()];
  }
}

/** Wraps an age file around plaintext chunks. */
export async function* encryptAge(plaintext: AsyncIterable<Buffer>, encryption: Encryption): AsyncGenerator<Buffer> {
  const encryptor = await AgeEncryptor.open(encryption);
  yield encryptor.head;
  for await (const chunk of plaintext) yield* encryptor.push(chunk);
  yield* encryptor.end();
}

/** What the header says of who can open the file: age records kinds of stanza, never whose key. */
export interface AgeHeaderFacts {
  /** Stanza types in order, e.g. `X25519`, `scrypt`, `mlkem768x25519`. */
  readonly stanzas: readonly string[];
}

export function headerFacts(header: Buffer): AgeHeaderFacts {
  const stanzas = header
    .toString('latin1')
    .split('\n')
    .filter((line) => line.startsWith('-> '))
    .map((line) => line.slice(3).split(' ')[0] ?? '?');
  return {stanzas};
}

/** In words: "2 X25519 recipients", "a passphrase". */
export function madeFor(facts: AgeHeaderFacts): string {
  if (facts.stanzas.includes('scrypt')) return 'a passphrase';
  const counts = new Map<string, number>();
  for (const type of facts.stanzas) counts.set(type, (counts.get(type) ?? 0) + 1);
  const kinds = [...counts].map(([type, n]) => `${n} ${type} recipient${n === 1 ? '' : 's'}`);
  return kinds.join(' and ') || 'no recipient at all';
}

/**
 * Opens an age file as it streams: the header is read (bounded) and the key unwrapped with `unlock`
 * (or taken as given, for a read-back) before this resolves, so a wrong key is known before anything
 * is done; then every chunk of `plaintext` is authenticated before a byte of it is handed on. A file
 * cut short, a chunk changed or one appended after the last is an AgeError.
 */
export async function openAge(
  source: AsyncIterable<Buffer>,
  unlock: Unlock | FileKey,
): Promise<{facts: AgeHeaderFacts; plaintext: AsyncGenerator<Buffer>}> {
  const input = source[Symbol.asyncIterator]();
  let buffered = Buffer.alloc(0);
  let headerAt = -1;
  while (headerAt < 0) {
    const next = await input.next();
    if (next.done) throw new AgeError('damaged', 'the file ends inside its age header');
    buffered = Buffer.concat([buffered, next.value]);
    if (buffered.length >= AGE_MAGIC.length && !isAge(buffered))
      throw new AgeError('notAge', 'this is not an age-encrypted file');
    headerAt = headerEnd(buffered);
    if (headerAt < 0 && buffered.length > HEADER_LIMIT)
      throw new AgeError('damaged', 'the age header is over 1 MiB: not a backup');
  }
  const header = buffered.subarray(0, headerAt);
  const facts = headerFacts(header);
  const fileKey = 'fileKey' in unlock ? unlock.fileKey : await unwrap(header, unlock, facts);
  async function* plaintext(): AsyncGenerator<Buffer> {
    let rest = buffered.subarray(headerAt);
    while (rest.length < 16) {
      const next = await input.next();
      if (next.done) throw new AgeError('damaged', 'the file ends before its payload');
      rest = Buffer.concat([rest, next.value]);
    }
    yield* openChunks(payloadKey(fileKey, rest.subarray(0, 16)), rest.subarray(16), input);
  }
  return {facts, plaintext: plaintext()};
}

/** openAge as one stream, for a reader that takes bytes (the read-back, which holds the key). */
export async function* decryptAge(source: AsyncIterable<Buffer>, unlock: Unlock | FileKey): AsyncGenerator<Buffer> {
  yield* (await openAge(source, unlock)).plaintext;
}

export async function unwrap(header: Buffer, unlock: Unlock, facts: AgeHeaderFacts): Promise<Uint8Array> {
  const {Decrypter, identityToRecipient} = await library();
  const decrypter = new Decrypter();
  for (const identity of unlock.identities) {
    try {
      decrypter.addIdentity(identity);
    } catch (error) {
      throw new AgeError('badKey', `an identity is not an age secret key: ${(error as Error).message}`);
    }
  }
  for (const passphrase of unlock.passphrases) decrypter.addPassphrase(passphrase);
  try {
    return await decrypter.decryptHeader(header);
  } catch (error) {
    const message = (error as Error).message;
    if (!/no identity matched|incorrect passphrase|scrypt/i.test(message))
      throw new AgeError('damaged', `its age header is damaged: ${message}`);
    const tried = await Promise.all(
      unlock.identities.map((identity) => identityToRecipient(identity).catch(() => '?')),
    );
    const given = [
      ...(tried.length ? [`the key${tried.length === 1 ? '' : 's'} of ${tried.join(', ')}`] : []),
      ...(unlock.passphrases.length ? ['the passphrase given'] : []),
    ].join(' and ');
    throw new AgeError(
      'noMatch',
      `it was encrypted for ${madeFor(facts)}${facts.stanzas.includes('scrypt') ? '' : ' (age does not record whose)'}, and ${given || 'nothing given'} does not open it`,
    );
  }
}

async function* openChunks(key: Buffer, start: Buffer, input: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  const sealed = CHUNK + TAG;
  let buffered = start;
  let ended = false;
  let counter = 0;
  for (;;) {
    // One byte past a full chunk tells it is not the last.
    while (!ended && buffered.length <= sealed) {
      const next = await input.next();
      if (next.done) ended = true;
      else buffered = buffered.length ? Buffer.concat([buffered, next.value]) : next.value;
    }
    const last = buffered.length <= sealed;
    const chunk = buffered.subarray(0, Math.min(sealed, buffered.length));
    buffered = buffered.subarray(chunk.length);
    if (chunk.length < TAG || (chunk.length === TAG && counter > 0))
      throw new AgeError('damaged', 'the encrypted archive is cut short');
    const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce(counter, last), {authTagLength: TAG});
    decipher.setAuthTag(chunk.subarray(chunk.length - TAG));
    let plain: Buffer;
    try {
      plain = decipher.update(chunk.subarray(0, chunk.length - TAG));
      decipher.final();
    } catch {
      throw new AgeError(
        'damaged',
        `the encrypted archive is damaged or cut short (chunk ${counter + 1} does not authenticate)`,
      );
    }
    counter += 1;
    if (plain.length) yield plain;
    if (last) return;
  }
}
