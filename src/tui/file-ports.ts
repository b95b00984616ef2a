import {randomBytes} from 'node:crypto';
import {lstat} from 'node:fs/promises';
import {basename} from 'node:path';
import type {CopyInPlanner, FileEditor} from '../app/ports.js';
import type {EngineGateway, StagedPlacement, VolumeEdit} from '../docker/gateway.js';
import {type EditCopy, makeEditCopy, runEditor} from '../local/editor.js';
import {resolveDestination} from '../local/export.js';
import {planHost} from '../local/host-tar.js';
import {completePath} from '../local/path-complete.js';
import {encodePathArg, type VolumePath} from '../model/files.js';
import {lineChanges} from '../model/line-changes.js';
import {runningUsersOf} from '../model/running-users.js';
import {entryPath} from '../model/tar-scan.js';
import {openForEdit, type OpenedEdit} from '../ops/edit.js';

/** Clashes named in the preview: enough to recognise them, never a listing of a whole tree. */
const NAMED_CLASHES = 20;

/** u: Tab completes a path here; Enter looks at what it holds and which of those paths the volume has. */
export function copyInPlanner(
  gateway: Pick<EngineGateway, 'listContainers'> & Pick<StagedPlacement, 'existingPaths'>,
  image: string,
): CopyInPlanner {
  return {
    complete: completePath,
    async plan({volume, folder, source}) {
      const resolved = resolveDestination(source.trim());
      const there = await lstat(resolved).catch(() => undefined);
      if (!there) throw new Error(`${resolved}: No such file or directory (on this machine).`);
      const name = basename(resolved);
      const plan = await planHost([{path: resolved, name: Buffer.from(name)}]);
      const root = [...folder, Buffer.from(name)];
      const [existing, containers] = await Promise.all([
        gateway.existingPaths(volume, image, [encodePathArg(root)]),
        gateway.listContainers(),
      ]);
      const files = new Set(existing.files.map(entryPath));
      const base = folder.map((part) => part.toString()).join('/');
      const replaces = plan.paths
        .map((path) => (base ? `${base}/${path.toString()}` : path.toString()))
        .filter((path) => files.has(path));
      return {
        source: resolved,
        name,
        files: plan.files,
        folders: plan.folders,
        links: plan.links,
        bytes: plan.bytes,
        replaces: replaces.slice(0, NAMED_CLASHES),
        replaceCount: replaces.length,
        users: runningUsersOf(containers, volume)
          .filter((c) => !c.volscopeHelper)
          .map((c) => c.name),
      };
    },
  };
}

/** An edit between the editor closing and the job that writes it back (or discards it). */
interface EditSession {
  readonly volume: string;
  readonly path: string;
  readonly opened: OpenedEdit;
  readonly copy: EditCopy;
}

const sessions = new Map<string, EditSession>();

export function takeEditSession(id: string): EditSession | undefined {
  const session = sessions.get(id);
  sessions.delete(id);
  return session;
}

/** e: the file read, the terminal handed to the editor until it closes, the edit read back. */
export function fileEditor(gateway: VolumeEdit, image: string, handOver: <T>(work: () => T) => T): FileEditor {
  return {
    async open({volume, path, name}) {
      const escaped = encodePathArg(path as VolumePath);
      const opened = await openForEdit(gateway, volume, image, escaped);
      const copy = makeEditCopy(name, opened.file.content);
      const ran = handOver(() => runEditor(copy.path));
      if (!ran.ok) {
        copy.remove();
        throw new Error(`${ran.why}; nothing was written.`);
      }
      const edited = copy.read();
      if (edited.equals(opened.file.content)) {
        copy.remove();
        return {id: '', changed: false, added: 0, removed: 0};
      }
      const id = randomBytes(6).toString('hex');
      sessions.set(id, {volume, path: escaped, opened, copy});
      return {id, changed: true, ...lineChanges(opened.file.content.toString('utf8'), edited.toString('utf8'))};
    },
  };
}
