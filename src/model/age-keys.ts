/**
 * age's key files as the age CLI reads them: `-R FILE` one recipient a line, `-i FILE` one secret
 * key a line (`age-keygen`'s output), blank lines and `#` comments skipped in both.
 */

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const RECIPIENT = /^age1[0-9a-z]+$/;
const IDENTITY = /^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/;

function keyLines(text: string): {line: string; number: number}[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({line: line.trim(), number: index + 1}))
    .filter(({line}) => line && !line.startsWith('#'));
}

/** The recipients in a recipients file; a line that is not one names the file and line. */
export function parseRecipients(text: string, source: string): string[] {
  const recipients = keyLines(text).map(({line, number}) => {
    if (RECIPIENT.test(line)) return line;
    const hint = line.startsWith('ssh-')
      ? ' (SSH keys as recipients are not supported: make an age key with age-keygen)'
      : line.startsWith('AGE-SECRET-KEY')
        ? ' (that is a secret key: give its public key, age-keygen -y FILE prints it)'
        : '';
    throw new KeyFileError(`${source}, line ${number}: not an age recipient (age1…)${hint}.`);
  });
  if (!recipients.length) throw new KeyFileError(`${source} holds no recipient (age1… lines).`);
  return recipients;
}

/** The secret keys in an identity file. */
export function parseIdentities(text: string, source: string): string[] {
  const identities = keyLines(text).map(({line, number}) => {
    if (IDENTITY.test(line)) return line;
    const hint = line.startsWith('-----BEGIN')
      ? ' (SSH keys are not supported: make an age key with age-keygen)'
      : RECIPIENT.test(line)
        ? ' (that is a public key: decrypting needs the secret key file age-keygen wrote)'
        : '';
    throw new KeyFileError(`${source}, line ${number}: not an age secret key (AGE-SECRET-KEY-1…)${hint}.`);
  });
  if (!identities.length) throw new KeyFileError(`${source} holds no secret key (AGE-SECRET-KEY-1… lines).`);
  return identities;
}

/** A recipient given on the command line. */
export function checkRecipient(text: string): string {
  if (RECIPIENT.test(text)) return text;
  throw new KeyFileError(`--encrypt-to ${text}: not an age recipient (age1…; age-keygen -y KEYFILE prints yours).`);
}
