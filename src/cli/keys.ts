import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import type {Encryption, Unlock} from '../local/age.js';
import {checkRecipient, KeyFileError, parseIdentities, parseRecipients} from '../model/age-keys.js';
import {ReportedError} from './errors.js';
import {askPassphrase} from './passphrase.js';

/** The age options of backup, verify and restore, as commander hands them over. */
export interface KeyFlags {
  readonly encryptTo?: readonly string[];
  readonly recipientsFile?: readonly string[];
  readonly identity?: readonly string[];
  /** Ask on the terminal. */
  readonly passphrase?: boolean;
  readonly passphraseFile?: string;
  readonly passphraseFd?: number;
}

/** The passphrase from a file or descriptor (its first line, as scripts write it), or the terminal. */
async function passphraseOf(flags: KeyFlags, confirm: boolean): Promise<string | undefined> {
  let text: string | undefined;
  if (flags.passphraseFile !== undefined) {
    text = await readFile(flags.passphraseFile, 'utf8').catch((error: Error) => {
      throw new ReportedError(`Cannot read the passphrase file ${flags.passphraseFile}: ${error.message}`);
    });
  } else if (flags.passphraseFd !== undefined) {
    try {
      text = readFileSync(flags.passphraseFd, 'utf8');
    } catch (error) {
      throw new ReportedError(
        `Cannot read a passphrase from file descriptor ${flags.passphraseFd}: ${(error as Error).message}`,
      );
    }
  } else if (flags.passphrase) {
    const first = await askPassphrase('Passphrase: ').catch(rethrow);
    if (confirm && (await askPassphrase('The same again: ').catch(rethrow)) !== first)
      throw new ReportedError('The two passphrases differ: nothing was written.');
    text = first;
  }
  if (text === undefined) return undefined;
  const passphrase = text.split(/\r?\n/)[0] ?? '';
  if (!passphrase) throw new ReportedError('The passphrase is empty: age needs one to derive the key.');
  return passphrase;
}

function rethrow(error: Error): never {
  throw new ReportedError(`Cannot ask for the passphrase: ${error.message}`);
}

async function keyFile(path: string, what: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: Error) => {
    throw new ReportedError(`Cannot read the ${what} ${path}: ${error.message}`);
  });
}

function reported<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof KeyFileError) throw new ReportedError(error.message);
    throw error;
  }
}

/** Who a backup is encrypted for; undefined when it is not encrypted. */
export async function encryptionOf(flags: KeyFlags): Promise<Encryption | undefined> {
  const recipients = reported(() => (flags.encryptTo ?? []).map(checkRecipient));
  for (const file of flags.recipientsFile ?? []) recipients.push(...(await recipientsIn(file)));
  const passphrase = await passphraseOf(flags, true);
  if (passphrase !== undefined && recipients.length)
    throw new ReportedError('Encrypt to recipients or to a passphrase, not both (age allows one or the other).');
  if (passphrase !== undefined) return {passphrase};
  return recipients.length ? {recipients} : undefined;
}

async function recipientsIn(file: string): Promise<string[]> {
  const text = await keyFile(file, 'recipients file');
  return reported(() => parseRecipients(text, file));
}

/** What opens encrypted archives; undefined when nothing was given. */
export async function unlockOf(flags: KeyFlags): Promise<Unlock | undefined> {
  const identities: string[] = [];
  for (const file of flags.identity ?? []) {
    const text = await keyFile(file, 'identity file');
    identities.push(...reported(() => parseIdentities(text, file)));
  }
  const passphrase = await passphraseOf(flags, false);
  if (!identities.length && passphrase === undefined) return undefined;
  return {identities, passphrases: passphrase === undefined ? [] : [passphrase]};
}
