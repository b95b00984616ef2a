import {type StoreAddress, parseStoreAddress} from '../model/store-address.js';
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
