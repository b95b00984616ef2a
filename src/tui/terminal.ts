/**
 * The full-screen session: alternate screen in, and out again on every way a run can end (quit,
 * Ctrl+C, SIGTERM, SIGHUP when an SSH session drops, an uncaught crash). Ink 8's alternateScreen
 * option leaves the screen when Ink unmounts, not after our asynchronous clean-up on a signal (the
 * helper containers), so we write the sequences ourselves.
 */
import {sanitizeLines} from '../model/sanitize.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

type Cleanup = () => void | Promise<void>;

/** The alternate screen is ours: entered by the frame drawn before Ink, or by the session. */
let altScreen = false;

/**
 * Takes the alternate screen once; a second call (the session after the first frame) only homes
 * the cursor, so the frame already there stays until Ink draws over it. Left again on any exit.
 */
export function enterAltScreen(stdout: NodeJS.WriteStream): void {
  if (altScreen) {
    safeWrite(stdout, '\u001b[H');
    return;
  }
  altScreen = true;
  safeWrite(stdout, ENTER_ALT_SCREEN);
  // Last resort if something calls process.exit directly: synchronous part only.
  process.once('exit', () => leaveAltScreen(stdout));
}

/** Gives the shell its screen and cursor back, once. */
export function leaveAltScreen(stdout: NodeJS.WriteStream): void {
  if (!altScreen) return;
  altScreen = false;
  safeWrite(stdout, SHOW_CURSOR + LEAVE_ALT_SCREEN);
}

export interface TerminalSession {
  /** Runs once: leaves the alternate screen, restores the cursor, runs cleanups. */
  restore(): Promise<void>;
}

export function enterFullScreen(
  stdout: NodeJS.WriteStream,
  stdin: NodeJS.ReadStream,
  cleanups: Cleanup[],
): TerminalSession {
  enterAltScreen(stdout);
  let restored: Promise<void> | undefined;

  const restore = (): Promise<void> => {
    restored ??= (async () => {
      for (const cleanup of cleanups) {
        try {
          await cleanup();
        } catch {
          // One failing cleanup must not keep the terminal broken or skip the others.
        }
      }
      try {
        if (stdin.isTTY) stdin.setRawMode(false);
      } catch {
        // stdin may already be gone (SIGHUP).
      }
      leaveAltScreen(stdout);
    })();
    return restored;
  };

  // `on`, not `once`: Ink's signal-exit re-raises the signal as soon as it is the only listener
  // left, which would kill the process before the asynchronous cleanup (helper containers) ends.
  const onSignal = (code: number) => () => void restore().finally(() => process.exit(code));
  process.on('SIGTERM', onSignal(143));
  process.on('SIGHUP', onSignal(129));
  process.on('SIGINT', onSignal(130));
  const onCrash = (error: unknown) => {
    void restore().finally(() => {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`volscope crashed: ${sanitizeLines(text)}\n`);
      process.stderr.write('This is a bug; please report it with the lines above.\n');
      process.exit(1);
    });
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return {restore};
}

/**
 * OSC 52 puts text on the clipboard of the terminal the user sits at, also through SSH. GNU
 * screen swallows it unless it comes wrapped in a DCS string, which screen passes on; tmux takes
 * it as it is (set-clipboard) and ignores the DCS. With STY set both go out: when screen and tmux
 * are nested (STY and TMUX both set) the environment cannot tell which one is inside, and each
 * takes exactly the form meant for it.
 */
export function copyToClipboard(
  stdout: NodeJS.WriteStream,
  text: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (!stdout.isTTY) return false;
  const osc = `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
  safeWrite(stdout, env.STY ? `${osc}\u001bP${osc}\u001b\\` : osc);
  return true;
}

/**
 * Ctrl+Z in raw mode arrives as a key, not as SIGTSTP: give the terminal back as the shell left
 * it (main screen, cooked mode, cursor), stop, and on SIGCONT take it again.
 */
export function suspendTo(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream, onResume: () => void): void {
  try {
    if (stdin.isTTY) stdin.setRawMode(false);
  } catch {
    // stdin gone: nothing to give back
  }
  safeWrite(stdout, SHOW_CURSOR + LEAVE_ALT_SCREEN);
  process.once('SIGCONT', () => {
    safeWrite(stdout, ENTER_ALT_SCREEN);
    try {
      if (stdin.isTTY) stdin.setRawMode(true);
    } catch {
      // ignore
    }
    onResume();
  });
  process.kill(process.pid, 'SIGTSTP');
}

/**
 * Gives the terminal to a program that runs in it (the editor of `e`) and takes it back: main
 * screen, cooked mode and a cursor while `work` runs (synchronously: nothing is drawn meanwhile),
 * then the alternate screen and raw mode again. The app repaints the whole frame after.
 */
export function handTerminalOver<T>(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream, work: () => T): T {
  const raw = (on: boolean) => {
    try {
      if (stdin.isTTY) stdin.setRawMode(on);
    } catch {
      // stdin gone: nothing to hand over
    }
  };
  raw(false);
  safeWrite(stdout, SHOW_CURSOR + LEAVE_ALT_SCREEN);
  try {
    return work();
  } finally {
    safeWrite(stdout, ENTER_ALT_SCREEN);
    raw(true);
  }
}

function safeWrite(stream: NodeJS.WriteStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // A hung-up terminal throws EIO; there is nothing left to restore then.
  }
}
