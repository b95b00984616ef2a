// Ink cuts text that does not fit with cli-truncate's default mark, `…`: a terminal without UTF-8
// (LANG=C, an old serial console) shows those three bytes as garbage. The bundle hands Ink's
// wrap-text this wrapper instead, which uses the mark the TUI chose for the terminal
// (src/tui/tui.tsx sets it from the theme: `...` under ASCII).
import cliTruncate from 'cli-truncate';

export default function truncate(text, columns, options = {}) {
  return cliTruncate(text, columns, {truncationCharacter: globalThis.__volscopeEllipsis ?? '…', ...options});
}
