/**
 * Where backups go and come from, as written after `-o` or as an ARCHIVE argument: a folder here,
 * `sftp://[user@]host[:port]/path`, or `rclone:REMOTE:path` (any rclone remote: S3, B2, WebDAV…).
 */
export type StoreAddress =
  | {readonly kind: 'folder'; readonly path: string}
  | {
      readonly kind: 'sftp';
      readonly host: string;
      readonly port: number | undefined;
      readonly username: string | undefined;
      /** Absolute on the server; `sftp://host/~/x` and `sftp://host/x` alike mean the login folder's x when relative. */
      readonly path: string;
    }
  | {readonly kind: 'rclone'; readonly remote: string; readonly path: string};

export class AddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressError';
  }
}

/** A backup archive's name (`….tar.gz`, `….tar.gz.age`), not a folder. */
export function isArchiveName(path: string): boolean {
  return /\.tar\.gz(\.age)?$/.test(path);
}

/** Whether the text names a place off this machine (everything else is a local path). */
export function isRemoteAddress(text: string): boolean {
  return text.startsWith('sftp://') || text.startsWith('rclone:');
}

export function parseStoreAddress(text: string): StoreAddress {
  if (text.startsWith('rclone:')) {
    const rest = text.slice('rclone:'.length);
    const colon = rest.indexOf(':');
    if (colon <= 0)
      throw new AddressError(
        `${text}: write an rclone target as rclone:REMOTE:path (a remote from \`rclone listremotes\`).`,
      );
    return {kind: 'rclone', remote: rest.slice(0, colon), path: rest.slice(colon + 1).replace(/\/+$/, '')};
  }
  if (text.startsWith('sftp://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new AddressError(`${text}: write an sftp target as sftp://[user@]host[:port]/path.`);
    }
    if (!url.hostname) throw new AddressError(`${text}: the host is missing (sftp://[user@]host[:port]/path).`);
    const decoded = decodeURIComponent(url.pathname);
    // sftp://host/~/dir is the login folder's dir, as scp and sftp write it.
    const path = decoded.startsWith('/~/') ? decoded.slice(3) : decoded === '/~' ? '.' : decoded;
    return {
      kind: 'sftp',
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : undefined,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      path: path.replace(/(.)\/+$/, '$1') || '/',
    };
  }
  return {kind: 'folder', path: text};
}

/** The target as a person writes it (no password: volscope never takes one in a URL). */
export function addressText(target: StoreAddress): string {
  switch (target.kind) {
    case 'folder':
      return target.path;
    case 'rclone':
      return `rclone:${target.remote}:${target.path}`;
    case 'sftp': {
      const user = target.username ? `${target.username}@` : '';
      const port = target.port ? `:${target.port}` : '';
      const path = target.path.startsWith('/') ? target.path : `/~/${target.path}`;
      return `sftp://${user}${target.host}${port}${path}`;
    }
  }
}

/** An archive on a target: the folder it is in and its name. */
export function splitArchive(text: string): {target: StoreAddress; name: string} {
  const target = parseStoreAddress(text);
  const path = target.path;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (!name) throw new AddressError(`${text}: name the archive, not a folder.`);
  const folder = slash < 0 ? (target.kind === 'rclone' ? '' : '.') : slash === 0 ? '/' : path.slice(0, slash);
  return {target: {...target, path: folder}, name};
}

/** A file inside a folder of a target, as a path for that target. */
export function joinTarget(folder: string, name: string): string {
  if (!folder || folder === '.') return name;
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}
