import {Decrypter, Encrypter, generateIdentity, identityToRecipient} from 'age-encryption';
import {describe, expect, it} from 'vitest';
import {AgeError, decryptAge, encryptAge, isAge, openAge} from '../../src/local/age.js';

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 1) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

const KIB = 1024;
// Around age's 64 KiB chunk: the empty file, one byte, exactly one chunk, one byte over, two chunks.
const SIZES = [0, 1, 64 * KIB - 1, 64 * KIB, 64 * KIB + 1, 128 * KIB, 300 * KIB + 7];

describe('age files, checked against the reference TypeScript implementation', () => {
  it('what volscope encrypts, age-encryption decrypts, at every size around the chunk boundary and fed in odd pieces', async () => {
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    for (const size of SIZES) {
      const plain = bytes(size);
      const sealed = await collect(encryptAge(pieces(plain, 10_000), {recipients: [recipient]}));
      expect(isAge(sealed)).toBe(true);
      const decrypter = new Decrypter();
      decrypter.addIdentity(identity);
      expect(Buffer.from(await decrypter.decrypt(sealed)).equals(plain), `size ${size}`).toBe(true);
    }
  });

  it('what age-encryption encrypts, volscope decrypts (identities and passphrases), in pieces of any size', async () => {
    const identity = await generateIdentity();
    for (const size of SIZES) {
      const plain = bytes(size);
      const encrypter = new Encrypter();
      encrypter.addRecipient(await identityToRecipient(identity));
      const sealed = Buffer.from(await encrypter.encrypt(plain));
      const opened = await collect(decryptAge(pieces(sealed, 4099), {identities: [identity], passphrases: []}));
      expect(opened.equals(plain), `size ${size}`).toBe(true);
    }
    const encrypter = new Encrypter();
    encrypter.setPassphrase('correct horse');
    encrypter.setScryptWorkFactor(10);
    const sealed = Buffer.from(await encrypter.encrypt(bytes(1000)));
    const opened = await collect(decryptAge(pieces(sealed, 333), {identities: [], passphrases: ['correct horse']}));
    expect(opened.equals(bytes(1000))).toBe(true);
  });

  it('a passphrase-encrypted file of ours opens with the passphrase, in the reference implementation too', async () => {
    const sealed = await collect(encryptAge(pieces(bytes(70_000), 8192), {passphrase: 'p4ss phrase'}));
    const decrypter = new Decrypter();
    decrypter.addPassphrase('p4ss phrase');
    expect(Buffer.from(await decrypter.decrypt(sealed)).equals(bytes(70_000))).toBe(true);
  }, 30_000);

  it('a wrong key is an AgeError that says what the file was made for and which key was tried, before any byte', async () => {
    const [right, wrong] = [await generateIdentity(), await generateIdentity()];
    const recipients = [await identityToRecipient(right), await identityToRecipient(right)];
    const sealed = await collect(encryptAge(pieces(bytes(100), 100), {recipients}));
    const error = await openAge(pieces(sealed, 100), {identities: [wrong], passphrases: []}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgeError);
    expect((error as AgeError).reason).toBe('noMatch');
    expect((error as AgeError).message).toContain('2 X25519 recipients');
    expect((error as AgeError).message).toContain(await identityToRecipient(wrong));
  });

  it('a file cut short (even at a chunk boundary), a flipped byte, or a chunk appended after the last, never decrypts', async () => {
    const identity = await generateIdentity();
    const unlock = {identities: [identity], passphrases: []};
    const sealed = await collect(
      encryptAge(pieces(bytes(200 * KIB), 65536), {recipients: [await identityToRecipient(identity)]}),
    );
    const headerEnd = sealed.indexOf('\n', sealed.indexOf('\n--- ') + 1) + 1 + 16;
    const sealedChunk = 64 * KIB + 16;
    const variants: [string, Buffer][] = [
      ['cut at a chunk boundary', sealed.subarray(0, headerEnd + 2 * sealedChunk)],
      ['cut mid-chunk', sealed.subarray(0, sealed.length - 100)],
      ['a flipped byte', Buffer.from(sealed).fill(sealed[headerEnd + 5]! ^ 1, headerEnd + 5, headerEnd + 6)],
      ['bytes after the last chunk', Buffer.concat([sealed, Buffer.alloc(40)])],
      ['only the header', sealed.subarray(0, headerEnd - 16)],
    ];
    for (const [what, variant] of variants) {
      const error = await collect(decryptAge(pieces(variant, 7000), unlock)).catch((e: unknown) => e);
      expect(error, what).toBeInstanceOf(AgeError);
      expect((error as AgeError).reason, what).toBe('damaged');
    }
  });

  it('what is not age is said to be so', async () => {
    const error = await openAge(pieces(bytes(100), 100), {identities: [], passphrases: []}).catch((e: unknown) => e);
    expect((error as AgeError).reason).toBe('notAge');
  });
});
