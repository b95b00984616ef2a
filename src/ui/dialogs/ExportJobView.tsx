import {sanitize} from '../../model/sanitize.js';
import type {JobViewSpec} from './JobView.js';
import {bytesOf, Progress} from './parts.js';

/** The browser's `x` once started (its prompt is the browser's bar): over the browser, with progress and Esc. */
export const exportJobView: JobViewSpec<'export'> = {
  working: (request, _position, frame) =>
    `${request.archive ? `Extracting ${request.archive.paths.length === 1 ? sanitize(request.archive.paths[0]!) : `${request.archive.paths.length} marked`} from the backup` : `Exporting ${sanitize(request.name)}`} ${frame.theme.glyphs.arrow} ${sanitize(request.destination)}${frame.theme.glyphs.ellipsis}`,
  progress: (request, progress, frame) => (
    <Progress progress={bytesOf(progress)} expected={request.expected} done="of tar unpacked" frame={frame} />
  ),
  cancelHint: (_request, cancelled, frame) =>
    cancelled ? `Cancelling${frame.theme.glyphs.ellipsis}` : 'Esc cancels (nothing is left under the final name)',
  doneTitle: (failed) => (failed ? 'Export failed' : 'Exported'),
  done: (request, value) =>
    request.archive
      ? `Extracted into ${value.destination} (${value.bytes.toLocaleString('en-US')} bytes of files).`
      : `Exported ${request.name} to ${value.destination} (${value.bytes.toLocaleString('en-US')} bytes of archive).`,
  failed: (request, failure) =>
    request.archive && failure.reason === 'exists'
      ? `${failure.message}\no replaces them (each whole), Esc leaves them.`
      : failure.reason === 'cancelled'
        ? `Export of ${request.name} cancelled: nothing was written.`
        : `Export of ${request.name} failed: ${failure.message}`,
};
