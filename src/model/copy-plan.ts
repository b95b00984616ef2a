import {displayPath, type VolumePath} from './files.js';
import {shellWord} from './details.js';
import {formatSize} from './format.js';

/** What `u` would do, shown before it does it: from where, how much, what it replaces, who uses the volume. */
export interface CopyInPlan {
  /** The source as resolved on this machine. */
  readonly source: string;
  /** Its name in the folder (the source's own). */
  readonly name: string;
  readonly files: number;
  readonly folders: number;
  readonly links: number;
  readonly bytes: number;
  /** Files in the volume it would replace, as paths in the volume; `replaceCount` counts them all. */
  readonly replaces: readonly string[];
  readonly replaceCount: number;
  /** Running containers that use the volume. */
  readonly users: readonly string[];
}

/** `12 files, 3 folders (3.4 MB)`. */
export function planSize(plan: Pick<CopyInPlan, 'files' | 'folders' | 'links' | 'bytes'>): string {
  const parts = [
    `${plan.files.toLocaleString('en-US')} file${plan.files === 1 ? '' : 's'}`,
    ...(plan.folders ? [`${plan.folders.toLocaleString('en-US')} folder${plan.folders === 1 ? '' : 's'}`] : []),
    ...(plan.links ? [`${plan.links.toLocaleString('en-US')} link${plan.links === 1 ? '' : 's'}`] : []),
  ];
  return `${parts.join(', ')} (${formatSize(plan.bytes, '?')})`;
}

/** Where a copy into `folder` of a volume shows: `data:/conf/nginx`. */
export function volumeFolderText(volume: string, folder: VolumePath): string {
  return `${volume}:${displayPath(folder)}`;
}

/**
 * The docker command that does what `u` does (without the atomic landing and the checks): a
 * throwaway container with the volume and the source mounted, copying with cp -a.
 */
export function copyInCommand(
  dockerFlags: string,
  volume: string,
  folder: VolumePath,
  source: string,
  name: string,
): string {
  const into = `/volume${displayPath(folder) === '/' ? '' : displayPath(folder)}/`;
  return `docker ${dockerFlags ? `${dockerFlags} ` : ''}run --rm -v ${shellWord(`${volume}:/volume`)} -v ${shellWord(`${source}:/from/${name}:ro`)} busybox cp -a ${shellWord(`/from/${name}`)} ${shellWord(into)}`;
}

/** What `e` is like by hand: the file opened in an editor inside a throwaway container. */
export function editCommand(dockerFlags: string, volume: string, path: VolumePath): string {
  return `docker ${dockerFlags ? `${dockerFlags} ` : ''}run --rm -it -v ${shellWord(`${volume}:/volume`)} busybox vi ${shellWord(`/volume${displayPath(path)}`)}`;
}
