import {type Dispatch, useEffect, useState} from 'react';
import type {FileSession} from '../docker/gateway.js';
import type {Action} from './actions.js';
import type {BrowserState} from './browser-state.js';
import {messageOf} from './browser-words.js';
import type {FileService, LocalFiles} from './ports.js';
import {useExportCheck} from './use-export-check.js';
import {useListing, usePreview, useUsageScan} from './use-browser-reads.js';

/**
 * Carries out what the browser state asks for: one helper per opening of the browser, a listing
 * per listSeq, a read per preview, a scan per usage run, an export per export run. Each effect
 * aborts its work when the state stops asking for it (cancel, navigation, close).
 */
export function useBrowserSession(
  files: FileService | undefined,
  local: LocalFiles | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
  const [session, setSession] = useState<{id: number; session: FileSession}>();
  const id = browser?.id;
  const volume = browser?.volume;
  const bind = browser?.bind ?? false;
  const archive = browser?.archive;

  useEffect(() => {
    if (id === undefined || volume === undefined) return;
    const openArchive = local?.openArchive;
    if (archive && !openArchive) {
      dispatch({type: 'helperFailed', message: 'Opening backups is not available here.'});
      return;
    }
    if (!archive && !files) {
      dispatch({type: 'helperFailed', message: 'Browsing files is not available here.'});
      return;
    }
    let opened: FileSession | undefined;
    let gone = false;
    const onProgress = (progress: Parameters<Parameters<FileService['open']>[1]>[0]) =>
      !gone && dispatch({type: 'helperProgress', progress});
    const opening = archive
      ? openArchive!(archive, onProgress)
      : bind
        ? files!.openBind(volume, onProgress)
        : files!.open(volume, onProgress);
    opening
      .then((fileSession) => {
        opened = fileSession;
        if (gone) return void fileSession.close();
        setSession({id, session: fileSession});
        dispatch({type: 'helperReady'});
      })
      .catch((error: unknown) => !gone && dispatch({type: 'helperFailed', message: messageOf(error)}));
    return () => {
      gone = true;
      setSession(undefined);
      void opened?.close().catch(() => undefined);
    };
  }, [files, local, id, volume, bind, archive, dispatch]);

  const active = session && session.id === id ? session.session : undefined;
  useListing(active, browser, dispatch);
  usePreview(active, browser, dispatch);
  useUsageScan(active, browser, dispatch);
  useExportCheck(local, browser, dispatch);
}
