import {describe, expect, it} from 'vitest';
import {checkRecipient, parseIdentities, parseRecipients} from '../../src/model/age-keys.js';

const R1 = 'age17jfgwkuhjch934s2tadwyd6vn82pzc564en8642ludq9ljlq6asqf0dwpv';
const R2 = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const K1 = 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS3LQ8F0';

describe('age key files, read as the age CLI reads them', () => {
  it('a recipients file: one per line, comments and blank lines skipped, CRLF too', () => {
    expect(parseRecipients(`# ops team\n${R1}\n\n  ${R2}  \r\n# end\n`, 'team.txt')).toEqual([R1, R2]);
  });

  it('names the file and line of what is not a recipient, and says what it is instead', () => {
    expect(() => parseRecipients(`${R1}\nssh-ed25519 AAAA me@host\n`, 'r.txt')).toThrow(
      /r\.txt, line 2: not an age recipient .*SSH keys as recipients are not supported/,
    );
    expect(() => parseRecipients(K1, 'r.txt')).toThrow(/that is a secret key: give its public key, age-keygen -y/);
    expect(() => parseRecipients('# nothing\n', 'r.txt')).toThrow('r.txt holds no recipient');
  });

  it('an identity file as age-keygen writes it; a public key there is said to be one', () => {
    const keygen = `# created: 2026-12-05T10:00:00Z\n# public key: ${R1}\n${K1}\n`;
    expect(parseIdentities(keygen, 'key.txt')).toEqual([K1]);
    expect(() => parseIdentities(R1, 'key.txt')).toThrow(/key\.txt, line 1: .*that is a public key/);
    expect(() => parseIdentities('', 'key.txt')).toThrow('key.txt holds no secret key');
  });

  it('a recipient on the command line is checked', () => {
    expect(checkRecipient(R1)).toBe(R1);
    expect(() => checkRecipient('age1NOPE')).toThrow('--encrypt-to age1NOPE: not an age recipient');
  });
});
