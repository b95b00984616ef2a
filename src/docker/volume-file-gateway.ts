import type Docker from 'dockerode';
import {ReadOnlyError} from './gateway.js';
import {copyIntoVolume, copyOutOfVolume, type StageTar} from './volume-copy.js';
import {type EditedFile, readForEdit, writeEdited} from './volume-edit.js';
import {existingPaths, placeStaged, removeStaged} from './volume-placing.js';

/**
 * The engine's side of files inside volumes, each through a helper: what a partial restore
 * stages and places, cp in and out, an edit in place. Writes are refused under --read-only here,
 * whatever the UI or the command line asks. DockerodeGateway extends it with everything else.
 */
export class VolumeFileGateway {
  constructor(
    protected readonly docker: Docker,
    /** With readOnly, every write is refused here, whatever the UI or CLI above asks for. */
    readonly readOnly: boolean,
  ) {}

  existingPaths(volume: string, image: string, escapedRoots: readonly string[]) {
    return existingPaths(this.docker, volume, image, escapedRoots);
  }

  async placeStaged(volume: string, image: string, stage: string, policy: 'overwrite' | 'skip', signal?: AbortSignal) {
    if (this.readOnly) throw new ReadOnlyError(`restore into volumes (${volume} is kept)`);
    return placeStaged(this.docker, volume, image, stage, policy, signal);
  }

  async removeStaged(volume: string, image: string, stage: string): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`write into volumes (${volume} is kept)`);
    await removeStaged(this.docker, volume, image, stage);
  }

  async copyIn(volume: string, image: string, dest: string, stageTar: StageTar, signal?: AbortSignal) {
    if (this.readOnly) throw new ReadOnlyError(`write into volumes (${volume} is kept)`);
    return copyIntoVolume(this.docker, {volume, image, dest, signal}, stageTar);
  }

  copyOut(volume: string, image: string, source: string, signal?: AbortSignal) {
    return copyOutOfVolume(this.docker, {volume, image, source, signal});
  }

  readForEdit(volume: string, image: string, path: string, limit: number) {
    return readForEdit(this.docker, {volume, image, path, limit});
  }

  async writeEdited(
    volume: string,
    image: string,
    path: string,
    change: {was: EditedFile; sha256: string; content: Buffer; backup: boolean},
  ) {
    if (this.readOnly) throw new ReadOnlyError(`write into volumes (${volume} is kept)`);
    await writeEdited(this.docker, {volume, image, path, ...change});
  }
}
