/**
 * One side of `volscope cp`: a path on this machine, or `[CONTEXT:]VOLUME:/path` as docker cp
 * names a container's files. A path that starts with `/`, `.` or `~` is always this machine's,
 * so a local name holding a colon can be written `./a:b`.
 */
export type CopyLocation =
  | {readonly kind: 'host'; readonly path: string}
  | {readonly kind: 'volume'; readonly context?: string; readonly volume: string; readonly path: string};

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

export function parseCopyLocation(text: string): CopyLocation | {readonly error: string} {
  if (text === '') return {error: 'an empty path'};
  if (/^[/.~]/.test(text) || !text.includes(':')) return {kind: 'host', path: text};
  const parts = text.split(':');
  // The path may hold colons of its own: everything after the volume's colon is the path.
  const [first, second] = parts;
  const twoNames = parts.length >= 3 && (second === '' || !second!.startsWith('/')) && VOLUME_NAME.test(second ?? '');
  const context = twoNames ? first : undefined;
  const volume = twoNames ? second! : first!;
  const path = parts.slice(twoNames ? 2 : 1).join(':');
  if (context !== undefined && !CONTEXT_NAME.test(context))
    return {error: `${text}: "${context}" is not a context name`};
  if (!VOLUME_NAME.test(volume)) return {error: `${text}: "${volume}" is not a volume name`};
  if (path !== '' && !path.startsWith('/'))
    return {error: `${text}: a path in a volume starts with / (write ${volume}:/${path})`};
  return {kind: 'volume', ...(context ? {context} : {}), volume, path: path === '' ? '/' : path};
}

/** The path's parts inside the volume, without empty or `.` parts; `..` is refused by the caller. */
export function volumePathParts(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

/** How the location is written back in messages. */
export function showLocation(location: CopyLocation): string {
  if (location.kind === 'host') return location.path;
  return `${location.context ? `${location.context}:` : ''}${location.volume}:${location.path}`;
}
