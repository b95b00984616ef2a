import {Box, Text} from 'ink';
import type {RemovalDialog as Removal} from '../../app/dialogs/remove.js';
import {rmCommand} from '../../model/cleanup.js';
import {formatSize, plural} from '../../model/format.js';
import {sanitize} from '../../model/sanitize.js';
import {type VolumeRef, volumeKey} from '../../model/engines.js';
import {Buttons, type DialogFrame, nameLines, refText, sameAsLine, ScrollList, totalLine} from './parts.js';

/** Why a volume was skipped (already sanitized where it was worded), with its engine when there are several. */
function whyText(why: ReadonlyMap<string, string>, ref: VolumeRef, frame: DialogFrame): string {
  const text = why.get(volumeKey(ref.engine, ref.name));
  if (text === undefined) return refText(ref, frame);
  return frame.engines.length > 1 ? `${sanitize(ref.engine)}: ${text}` : text;
}

function engineCount(refs: readonly VolumeRef[]): string {
  const engines = new Set(refs.map((ref) => ref.engine)).size;
  return engines > 1 ? ` on ${engines} engines` : '';
}

/** `d`: exactly what goes, its size and the docker command that does the same; then the removal and what came of it. */
export function RemovalDialog({dialog, listRoom, frame}: {dialog: Removal; listRoom: number; frame: DialogFrame}) {
  const {theme, height} = frame;
  const {glyphs} = theme;
  const danger = theme.color('danger');
  switch (dialog.kind) {
    case 'remove': {
      const blockedLines = dialog.blocked.map(
        (b) => `  ${refText(b, frame)} ${glyphs.separator} kept: in use by ${sanitize(b.holders)}`,
      );
      const count = dialog.volumes.length;
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={danger}>
            {count === 1
              ? `Remove volume ${refText(dialog.volumes[0]!, frame)}?`
              : `Remove ${count} volumes${engineCount(dialog.volumes)}?`}
          </Text>
          <ScrollList
            lines={[...nameLines(dialog.volumes, frame, rmCommand), ...blockedLines]}
            scroll={dialog.scroll}
            room={listRoom}
            theme={theme}
          />
          <Text>{totalLine(dialog.volumes, frame)}</Text>
          <Text color={theme.color('muted')} wrap="truncate-end">
            {sameAsLine(dialog.volumes, frame, rmCommand)}
          </Text>
          <Buttons focus={dialog.focus} action={`Remove ${plural(count, 'volume')}`} theme={theme} />
        </Box>
      );
    }
    case 'blocked':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={danger}>
            {dialog.blocked.length === 1
              ? `${refText(dialog.blocked[0]!, frame)} cannot be removed`
              : 'These volumes cannot be removed'}
          </Text>
          {dialog.blocked.map((b) => (
            <Text
              key={`${b.engine}:${b.name}`}
              wrap="wrap"
            >{`${refText(b, frame)} is used by ${sanitize(b.holders)}. To free it, ${sanitize(b.hint)}.`}</Text>
          ))}
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    case 'removing': {
      const done = dialog.outcomes.length;
      const current = dialog.volumes[done];
      const lines = dialog.outcomes.map(({engine, outcome}) => {
        const ref = {engine, name: outcome.name};
        return outcome.removed ? `  removed ${refText(ref, frame)}` : `  skipped ${whyText(dialog.why, ref, frame)}`;
      });
      return (
        <Box flexDirection="column" height={height}>
          <Text
            bold
          >{`Removing ${Math.min(done + 1, dialog.volumes.length)} of ${dialog.volumes.length}${current ? `: ${refText(current, frame)}` : ''}${glyphs.ellipsis}`}</Text>
          <ScrollList lines={lines} scroll={lines.length} room={Math.max(1, height - 1)} theme={theme} />
        </Box>
      );
    }
    case 'removed': {
      const skipped = dialog.outcomes.filter(({outcome}) => !outcome.removed);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={theme.color(skipped.length ? 'stopped' : 'running')}>
            {`Removed ${dialog.outcomes.length - skipped.length} of ${plural(dialog.outcomes.length, 'volume')}, reclaimed ${formatSize(dialog.reclaimed, glyphs.ellipsis)}` +
              (skipped.length ? `; skipped ${skipped.length}:` : '.')}
          </Text>
          <ScrollList
            lines={skipped.map(({engine, outcome}) => `  ${whyText(dialog.why, {engine, name: outcome.name}, frame)}`)}
            scroll={0}
            room={Math.max(1, height - 2)}
            theme={theme}
          />
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    }
  }
}
