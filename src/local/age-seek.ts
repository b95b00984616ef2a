import {createDecipheriv} from 'node:crypto';
import {
  AgeError,
  CHUNK,
  chunkNonce,
  decryptAge,
  type FileKey,
  HEADER_LIMIT,
  headerEnd,
  headerFacts,
  isAge,
  payloadKey,
  TAG,
  type Unlock,
  unwrap,
} from './age.js';
import type {RandomAccess} from './random-access.js';

const SEALED = CHUNK + TAG;

/**
 * The plaintext of an age file, read at offsets: age's payload is independent 64 KiB chunks whose
 * nonce is their counter (the last one flagged), so a range needs only the chunks that hold it,
 * each authenticated before a byte of it is used. The last chunk is known from the file's size.
 */
export async function ageAccess(file: RandomAccess, unlock: Unlock | FileKey): Promise<RandomAccess> {
  let head = await file.read(0, Math.min(file.size, 64 * 1024));
  if (!isAge(head)) throw new AgeError('notAge', 'this is not an age-encrypted file');
  let end = headerEnd(head);
  while (end < 0 && head.length < Math.min(file.size, HEADER_LIMIT)) {
    head = await file.read(0, Math.min(file.size, head.length * 4));
    end = headerEnd(head);
  }
  if (end < 0) throw new AgeError('damaged', 'the age header is damaged or over 1 MiB');
  const header = head.subarray(0, end);
  const fileKey = 'fileKey' in unlock ? unlock.fileKey : await unwrap(header, unlock, headerFacts(header));
  const nonce = await file.read(end, 16);
  if (nonce.length < 16) throw new AgeError('damaged', 'the file ends before its payload');
  const key = payloadKey(fileKey, nonce);
  const payloadAt = end + 16;
  const payload = file.size - payloadAt;
  const chunks = Math.max(1, Math.ceil(payload / SEALED));
  const size = payload - chunks * TAG;
  if (size < 0) throw new AgeError('damaged', 'the encrypted archive is cut short');
  const open = (counter: number, sealed: Buffer): Buffer => {
    const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce(counter, counter === chunks - 1), {
      authTagLength: TAG,
    });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      const plain = decipher.update(sealed.subarray(0, sealed.length - TAG));
      decipher.final();
      return plain;
    } catch {
      throw new AgeError('damaged', `the encrypted archive is damaged (chunk ${counter + 1} does not authenticate)`);
    }
  };
  return {
    label: file.label,
    size,
    async read(offset, length) {
      const stop = Math.min(size, offset + length);
      if (stop <= offset) return Buffer.alloc(0);
      const first = Math.floor(offset / CHUNK);
      const last = Math.floor((stop - 1) / CHUNK);
      const sealed = await file.read(payloadAt + first * SEALED, (last - first + 1) * SEALED);
      const plain: Buffer[] = [];
      for (let i = first; i <= last; i++) {
        const from = (i - first) * SEALED;
        plain.push(open(i, sealed.subarray(from, Math.min(from + SEALED, sealed.length))));
      }
      const whole = Buffer.concat(plain);
      return whole.subarray(offset - first * CHUNK, stop - first * CHUNK);
    },
    // A scan reads it all: one decrypting stream over the file's own stream where it has one.
    ...(file.stream ? {stream: () => decryptAge(file.stream!(), {fileKey})} : {}),
    close: () => file.close(),
  };
}
