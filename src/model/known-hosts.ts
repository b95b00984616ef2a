import {createHmac} from 'node:crypto';

/**
 * OpenSSH's known_hosts, as `ssh` reads it: plain or hashed (`|1|salt|hmac`) host patterns,
 * `[host]:port` for ports other than 22, `*` and `?` wildcards, `!` negation, `@revoked` keys;
 * `@cert-authority` lines are not used. Host-key checking is on: a host that is not listed is
 * refused, like `ssh -o StrictHostKeyChecking=yes`.
 */
export type HostKeyVerdict =
  | {readonly kind: 'known'}
  | {readonly kind: 'unknown'}
  | {readonly kind: 'changed'; readonly file: string; readonly line: number}
  | {readonly kind: 'revoked'; readonly file: string; readonly line: number};

export interface KnownHostsFile {
  readonly path: string;
  readonly text: string;
}

function glob(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(text);
}

function hostMatches(field: string, names: readonly string[]): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return names.some((name) => createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash);
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    const bare = negated ? pattern.slice(1) : pattern;
    if (names.some((name) => glob(bare, name))) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** How the host key offered by HOST:PORT (its SSH wire-format blob) stands in these files. */
export function checkHostKey(
  files: readonly KnownHostsFile[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const names = port === 22 ? [host] : [`[${host}]:${port}`];
  let listed: {file: string; line: number} | undefined;
  for (const file of files) {
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fields = lines[i]!.trim().split(/\s+/);
      if (!fields[0] || fields[0].startsWith('#')) continue;
      const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
      if (marker === '@cert-authority') continue;
      const [hosts, , blob] = fields;
      if (!hosts || !blob) continue;
      const sameKey = Buffer.from(blob, 'base64').equals(key);
      if (marker === '@revoked') {
        if (sameKey) return {kind: 'revoked', file: file.path, line: i + 1};
        continue;
      }
      if (!hostMatches(hosts, names)) continue;
      if (sameKey) return {kind: 'known'};
      listed ??= {file: file.path, line: i + 1};
    }
  }
  return listed ? {kind: 'changed', ...listed} : {kind: 'unknown'};
}
