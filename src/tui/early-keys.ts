/**
 * Keys typed while volscope starts (Node, the first list, Ink: a few hundred milliseconds) belong
 * to the app, in order. Left to the terminal's cooked mode they would be echoed onto the shell's
 * screen and held back until a newline, and Enter would arrive as a line feed. So the terminal
 * goes raw at once, the bytes are held here, and Ink gets them back (unshifted onto stdin) when it
 * starts reading. Ctrl+C before the screen is up still stops volscope, as it would in cooked mode.
 */
export interface EarlyKeys {
  /** Ink is about to read stdin: it gets every byte held so far, first. */
  release(): void;
  /** The start failed before the screen: the terminal goes back to how the shell left it. */
  restore(): void;
}

const CTRL_C = 0x03;

export function holdEarlyKeys(stdin: NodeJS.ReadStream, onInterrupt: () => void): EarlyKeys {
  const held: Buffer[] = [];
  // Paused mode ('readable' and read()), never flowing: pausing a flowing TTY stream mid-read left
  // it waiting on a read that never came, and Ink (which reads the same way) then got no key at all.
  const onReadable = () => {
    for (let chunk = stdin.read(); chunk !== null; chunk = stdin.read()) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (bytes.includes(CTRL_C)) {
        restore();
        onInterrupt();
        return;
      }
      held.push(bytes);
    }
  };
  const restore = () => {
    stdin.off('readable', onReadable);
    stdin.pause();
    setRaw(stdin, false);
  };
  setRaw(stdin, true);
  stdin.on('readable', onReadable);
  return {
    release() {
      stdin.off('readable', onReadable);
      // Back at the head of the stream's buffer; keys typed from here on wait there too, until Ink reads.
      if (held.length) stdin.unshift(Buffer.concat(held));
      held.length = 0;
    },
    restore,
  };
}

function setRaw(stdin: NodeJS.ReadStream, on: boolean): void {
  try {
    if (stdin.isTTY) stdin.setRawMode(on);
  } catch {
    // stdin already gone (the terminal hung up): nothing to set
  }
}
