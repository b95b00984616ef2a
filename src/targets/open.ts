import {parseStoreAddress, splitArchive, type StoreAddress} from '../model/store-address.js';
import type {SshSettings} from '../ssh/connection.js';
import {FolderStore} from './folder.js';
import {RcloneStore} from './rclone.js';
import {SftpStore} from './sftp.js';
import type {BackupStore, RemoteStore} from './store.js';

/** The store behind an address; nothing connects until it is used. */
export function openStore(address: StoreAddress | string, settings: SshSettings = {}): BackupStore {
  const parsed = typeof address === 'string' ? parseStoreAddress(address) : address;
  return parsed.kind === 'folder' ? new FolderStore(parsed.path) : openRemote(parsed, settings);
}

export function openRemote(address: Exclude<StoreAddress, {kind: 'folder'}>, settings: SshSettings = {}): RemoteStore {
  return address.kind === 'sftp' ? new SftpStore(address, settings) : new RcloneStore(address);
}

/**
 * An archive on an sftp:// or rclone: target as one stream, read once (no local copy), with what
 * the .sha256 beside it says; the connection closes when the stream ends or is given up.
 */
export async function storedArchive(
  text: string,
): Promise<{stream: AsyncGenerator<Buffer>; expectedSha256: string | undefined}> {
  const {target, name} = splitArchive(text);
  const store = openStore(target);
  const expectedSha256 = (await store.readSmall(`${name}.sha256`).catch(() => undefined))
    ?.trim()
    .split(/\s+/)[0]
    ?.toLowerCase();
  async function* stream(): AsyncGenerator<Buffer> {
    try {
      yield* store.read(name);
    } finally {
      await store.close();
    }
  }
  return {stream: stream(), expectedSha256};
}

/** An sftp:// or rclone: folder ready to take archives (made if missing); closed again if it cannot be. */
export async function openRemoteFolder(
  address: Exclude<StoreAddress, {kind: 'folder'}>,
  settings: SshSettings = {},
): Promise<RemoteStore> {
  const store = openRemote(address, settings);
  try {
    await store.ensureFolder();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
