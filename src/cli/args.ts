import {Command, CommanderError, InvalidArgumentError, Option} from 'commander';
import {DEFAULT_HELPER_IMAGE} from '../docker/helper-image.js';
import {UsageError} from './errors.js';

export interface GlobalOptions {
  readonly host?: string;
  readonly timeout: number;
  readonly ascii: boolean;
  readonly helperImage: string;
}

export type Invocation =
  | {readonly command: 'tui'; readonly options: GlobalOptions}
  | {readonly command: 'ls'; readonly options: GlobalOptions; readonly json: boolean; readonly sizes: boolean}
  | {readonly command: 'info'; readonly text: string};

function milliseconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive number of milliseconds');
  return parsed;
}

function program(): Command {
  const root = new Command('volscope')
    .description('A keyboard-driven terminal UI for Docker volumes: sizes, attached containers, live.')
    .addOption(new Option('-H, --host <url>', 'engine address: unix:///path, tcp://host:port, ssh://user@host (default: DOCKER_HOST, then /var/run/docker.sock)'))
    .addOption(new Option('--timeout <ms>', 'how long to wait for the engine to answer the first ping').default(5000).argParser(milliseconds))
    .option('--ascii', 'draw with ASCII symbols only (automatic when the locale is not UTF-8)', false)
    .addOption(
      new Option('--helper-image <image>', 'image of the read-only helper container used to browse files (busybox-based)')
        .env('VOLSCOPE_HELPER_IMAGE')
        .default(DEFAULT_HELPER_IMAGE),
    )
    .showSuggestionAfterError()
    .allowExcessArguments(false);
  root
    .command('ls')
    .description('print the volumes as a table (or JSON) and exit; no terminal needed')
    .option('--json', 'print a JSON array instead of a table', false)
    .option('--no-size', 'skip the size scan (/system/df), which can be slow on big hosts');
  return root;
}

/**
 * Parses argv without letting commander exit or print: the caller owns exit codes (2 for usage
 * errors, with the usage text) and output.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let result: Invocation | undefined;
  let info = '';
  const root = program();
  root.exitOverride().configureOutput({writeOut: (text) => (info += text), writeErr: () => {}});
  root.action(() => {
    result = {command: 'tui', options: root.opts<GlobalOptions>()};
  });
  root
    .commands.find((command) => command.name() === 'ls')!
    .exitOverride()
    .configureOutput({writeOut: (text) => (info += text), writeErr: () => {}})
    .action((opts: {json: boolean; size: boolean}) => {
      result = {command: 'ls', options: root.opts<GlobalOptions>(), json: opts.json, sizes: opts.size};
    });
  try {
    root.parse([...argv], {from: 'user'});
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')) {
      return {command: 'info', text: info};
    }
    if (error instanceof CommanderError) throw new UsageError(error.message.replace(/^error: /, ''));
    throw error;
  }
  if (!result) throw new UsageError('nothing to do');
  return result;
}

export function usageText(): string {
  return program().helpInformation();
}
