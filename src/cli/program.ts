import {GROWTH_WINDOWS} from '../model/growth.js';
import {Command, Option} from 'commander';
import {DEFAULT_HELPER_IMAGE} from '../docker/helper-image.js';
import {VERSION} from '../model/version.js';
import {collect, milliseconds, type Wanted} from './option-parsers.js';
import {transferCommands} from './transfer-commands.js';

/**
 * The command line as commander knows it: the global flags, then the commands (the transfers in
 * transfer-commands.ts). Parsing it into an Invocation (without letting commander exit or print)
 * is args.ts's. With `only`, just that command is built ('' builds none): help, suggestions and
 * the implicit `help` command need them all.
 */
export function program(only?: string): Command {
  const root = globalFlags();
  const wanted: Wanted = (name) => only === undefined || name === only;
  volumeCommands(root, wanted);
  historyCommands(root, wanted);
  transferCommands(root, wanted);
  return root;
}

/** How to reach the engine, how to draw, which helper image. */
function globalFlags(): Command {
  return new Command('volscope')
    .description('A keyboard-driven terminal UI for Docker volumes: sizes, attached containers, live.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .addOption(
      new Option(
        '-H, --host <url>',
        'engine address: unix:///path, tcp://host:port, ssh://user@host[:port][/remote/socket] (default: DOCKER_HOST, then the docker context, then /var/run/docker.sock); repeat for several engines in one table (TUI and ls)',
      ).argParser(collect),
    )
    .addOption(
      new Option(
        '-c, --context <name>',
        'docker context to use (default: DOCKER_CONTEXT, then the current context of the docker CLI); repeat for several engines in one table (TUI and ls)',
      ).argParser(collect),
    )
    .option(
      '--all-contexts',
      "every context of the docker CLI's store, default included, in one table (TUI and ls)",
      false,
    )
    .option('--tls', 'use TLS for tcp:// (certificates are verified; implied by the other --tls options)')
    .option('--tlsverify', 'use TLS and verify the engine (the same as --tls here: volscope always verifies)')
    .option(
      '--tlscacert <file>',
      "CA that signed the engine's certificate (default: DOCKER_CERT_PATH/ca.pem, else the system's CAs)",
    )
    .option('--tlscert <file>', 'client certificate (default: DOCKER_CERT_PATH/cert.pem)')
    .option('--tlskey <file>', 'client key (default: DOCKER_CERT_PATH/key.pem)')
    .addOption(
      new Option(
        '--timeout <ms>',
        "how long to wait for the engine to begin answering (its first ping, or ls --no-size's lists)",
      )
        .default(5000)
        .argParser(milliseconds),
    )
    .option('--ascii', 'draw with ASCII symbols only (automatic when the locale is not UTF-8)', false)
    .addOption(
      new Option('--read-only', 'no destructive action at all: rm, prune and create are refused, their keys absent')
        .env('VOLSCOPE_READ_ONLY')
        .default(false),
    )
    .addOption(
      new Option(
        '--helper-image <image>',
        'image of the read-only helper container used to browse files (busybox-based)',
      )
        .env('VOLSCOPE_HELPER_IMAGE')
        .default(DEFAULT_HELPER_IMAGE),
    )
    .option('--no-history', 'record no size history and read none (growth and last users stay unknown)')
    .addOption(
      new Option('--growth <window>', 'the window GROWTH measures over (TUI, ls, growth): 1h, 24h, 7d or 30d').choices(
        GROWTH_WINDOWS,
      ),
    )
    .addOption(
      new Option(
        '-i, --identity <file>',
        "age secret key file (age-keygen's output) that opens encrypted archives: verify, restore, the TUI's restore; repeatable",
      ).argParser(collect),
    )
    .showSuggestionAfterError()
    .allowExcessArguments(false);
}

/** Reading the engine and removing: ls, mounts, contexts, rm, prune. */
function volumeCommands(root: Command, wanted: Wanted): void {
  if (wanted('ls'))
    root
      .command('ls')
      .description('print the volumes as a table (or JSON) and exit; no terminal needed')
      .option('--json', 'print a JSON array instead of a table', false)
      .option('--no-size', 'skip the size scan (/system/df), which can be slow on big hosts');
  if (wanted('mounts'))
    root
      .command('mounts')
      .description(
        'print every bind mount and tmpfs of every container (host path, size, containers, Compose project) and exit; writes nothing',
      )
      .option('--json', 'print a JSON array instead of a table', false)
      .option('--no-size', 'only check that each bind source exists, do not measure it');
  if (wanted('contexts'))
    root
      .command('contexts')
      .description('list the docker contexts (the current one marked) and exit')
      .option('--json', 'print a JSON array instead of a table', false);
  if (wanted('rm'))
    root
      .command('rm')
      .description('remove volumes no container uses; one in use is named with its containers and kept (exit 1)')
      .argument('<names...>', 'volume names');
  if (wanted('prune'))
    root
      .command('prune')
      .description('remove unused anonymous volumes (with --all: every unused volume), exactly the listed ones')
      .option('--all', 'named volumes too, not only anonymous ones', false)
      .option('--dry-run', 'print what would be removed, with sizes and the total; remove nothing', false)
      .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)', false)
      .option('--label <key[=value]>', 'only volumes with this label, like docker volume prune --filter label=');
}

/** The size history: record (cron), growth, history. */
function historyCommands(root: Command, wanted: Wanted): void {
  if (wanted('record'))
    root
      .command('record')
      .description(
        'measure every volume once and record the sizes and users in the history (for cron or a systemd timer)',
      );
  if (wanted('growth'))
    root
      .command('growth')
      .description('measure now and print the volumes that grew most over --since (from the history)')
      .option('--since <window>', 'how far back: 1h, 24h, 7d or 30d', '24h')
      .option('--top <n>', 'how many volumes at most', '10')
      .option('--json', 'print a JSON array instead of lines', false)
      .option('--fail-over <size>', 'exit 3 when a volume grew more than this (500MB, 2GB, 1GiB)')
      .option('--notify <url>', 'tell a monitor how it went: start, then success or failure (repeatable)', collect);
  if (wanted('history'))
    root
      .command('history')
      .description('print what the size history holds, per engine; --forget clears it')
      .option('--forget [engine]', 'forget one engine (by the name it was last reached by, or its ID), or all')
      .option('--json', 'print JSON instead of lines', false);
}
