import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {BIN, STATE_HOME} from './cli.js';

const run = promisify(execFile);

/**
 * The built binary in a real terminal: a tmux server of its own per session (so parallel or
 * leftover sessions never mix), keys in with send-keys, screen out with capture-pane.
 */
export class TmuxSession {
  private constructor(private readonly socket: string) {}

  static async start(
    args: string[],
    opts: {columns?: number; rows?: number; env?: Record<string, string>} = {},
  ): Promise<TmuxSession> {
    const socket = `volscope-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const session = new TmuxSession(socket);
    const env = {LANG: 'C.UTF-8', XDG_STATE_HOME: STATE_HOME, ...opts.env};
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}='${v}';`)
      .join(' ');
    const command = `${exports} printf 'BEFORE-VOLSCOPE\\n'; '${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(' ')}; echo "EXIT:$?"; sleep 600`;
    await session.tmux(
      'new-session',
      '-d',
      '-s',
      'e2e',
      '-x',
      String(opts.columns ?? 120),
      '-y',
      String(opts.rows ?? 30),
      'sh',
      '-c',
      command,
    );
    return session;
  }

  /** Any shell command in the pane (e.g. an ssh client that runs volscope on the far side). */
  static async startCommand(command: string, opts: {columns?: number; rows?: number} = {}): Promise<TmuxSession> {
    const socket = `volscope-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const session = new TmuxSession(socket);
    await session.tmux(
      'new-session',
      '-d',
      '-s',
      'e2e',
      '-x',
      String(opts.columns ?? 80),
      '-y',
      String(opts.rows ?? 24),
      'sh',
      '-c',
      command,
    );
    return session;
  }

  /**
   * volscope typed into an interactive bash, for job control (Ctrl+Z, fg): the pane's shell is
   * bash, and volscope its foreground job.
   */
  static async startInShell(
    args: string[],
    opts: {columns?: number; rows?: number; env?: Record<string, string>} = {},
  ): Promise<TmuxSession> {
    const socket = `volscope-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const session = new TmuxSession(socket);
    const env = {LANG: 'C.UTF-8', PS1: 'SHELL$ ', XDG_STATE_HOME: STATE_HOME, ...opts.env};
    // Arguments of env, not shell words: quotes here would be part of the value (XDG_STATE_HOME
    // became the relative path `'/tmp/…'` and the history landed inside the checkout).
    const exports = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    await session.tmux(
      'new-session',
      '-d',
      '-s',
      'e2e',
      '-x',
      String(opts.columns ?? 120),
      '-y',
      String(opts.rows ?? 30),
      'env',
      ...exports,
      'bash',
      '--norc',
      '--noprofile',
      '-i',
    );
    await session.waitFor('SHELL$');
    await session.type(`'${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(' ')}; echo "EXIT:$?"`);
    await session.keys('Enter');
    return session;
  }

  async tmux(...args: string[]): Promise<string> {
    const {stdout} = await run('tmux', ['-L', this.socket, ...args]);
    return stdout;
  }

  capture(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', 'e2e');
  }

  /** Literal text, sent as the terminal would send typed characters. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'e2e', '-l', text);
  }

  /** tmux key names: Enter, Escape, Down, C-c … */
  async keys(...names: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'e2e', ...names);
  }

  async display(format: string): Promise<string> {
    return (await this.tmux('display', '-p', '-t', 'e2e', format)).trim();
  }

  async volscopePid(): Promise<number> {
    const shell = await this.display('#{pane_pid}');
    const {stdout} = await run('pgrep', ['-P', shell, '-f', 'volscope.js']);
    return Number(stdout.trim().split('\n')[0]);
  }

  async waitFor(check: string | RegExp | ((screen: string) => boolean), ms = 5000): Promise<string> {
    const test =
      typeof check === 'function'
        ? check
        : typeof check === 'string'
          ? (s: string) => s.includes(check)
          : (s: string) => check.test(s);
    const end = Date.now() + ms;
    for (;;) {
      const screen = await this.capture();
      if (test(screen)) return screen;
      if (Date.now() > end)
        throw new Error(`screen never matched ${String(check)} within ${ms} ms; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Narrows the volume table to `text` once it has listed, and waits until what matches is shown:
   * a test finds what it made by name, never by its being on the first screen (the engine may
   * hold a thousand volumes of someone else's, sorted before it).
   */
  async filterTo(text: string, ms = 20_000): Promise<string> {
    await this.waitFor(/\d+ volumes?\b/, ms);
    await this.keys('/');
    await this.keys('C-u');
    await this.type(text);
    await this.keys('Enter');
    return this.waitFor(
      (screen) => screen.includes(text) && / of \d+ shown/.test(screen) && !screen.includes('Enter keeps'),
      ms,
    );
  }

  /**
   * Waits until the app itself answers keys: the first frame is written before Ink has loaded
   * (tui/first-frame.ts), so a screen full of rows no longer means the app is running yet. A
   * filter opened and closed again proves it.
   */
  async untilInteractive(ms = 10_000): Promise<void> {
    await this.keys('/');
    await this.waitFor('Enter keeps, Esc clears', ms);
    await this.keys('Escape');
    await this.waitFor((screen) => !screen.includes('Enter keeps, Esc clears'), ms);
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
  }
}
