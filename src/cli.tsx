import {render} from 'ink';
import React from 'react';
import {App} from './app/App.js';
import {parseInvocation, usageText, type GlobalOptions} from './cli/args.js';
import {EXIT, ReportedError, UsageError} from './cli/errors.js';
import {runLs} from './cli/ls.js';
import {enterFullScreen} from './cli/terminal.js';
import {DockerodeGateway} from './docker/dockerode-gateway.js';
import {EndpointError, resolveEndpoint} from './docker/endpoint.js';
import {describeConnectError, engineMessage} from './docker/errors.js';
import {LiveStore} from './docker/live-store.js';
import {localeIsUtf8} from './model/glyphs.js';
import {createTheme} from './ui/theme.js';

async function connect(options: GlobalOptions): Promise<DockerodeGateway> {
  let endpoint;
  try {
    endpoint = resolveEndpoint({hostFlag: options.host, env: process.env});
  } catch (error) {
    if (error instanceof EndpointError) throw new UsageError(error.message);
    throw error;
  }
  const gateway = new DockerodeGateway(endpoint);
  try {
    await gateway.ping(options.timeout);
  } catch (error) {
    const problem = describeConnectError(error, endpoint, options.timeout);
    throw new ReportedError(`${problem.what}\n${problem.fix}`);
  }
  return gateway;
}

async function runTui(options: GlobalOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new ReportedError(
      'volscope needs an interactive terminal, and stdin or stdout is not one.\n' +
        'Over SSH, ask for a terminal with `ssh -t host volscope`; in scripts, use `volscope ls` (or `volscope ls --json`).',
      EXIT.usage,
    );
  }
  const gateway = await connect(options);
  const store = new LiveStore(gateway);
  const theme = createTheme({ascii: options.ascii || !localeIsUtf8(process.env), color: !('NO_COLOR' in process.env) || process.env.NO_COLOR === ''});
  const cleanups: Array<() => void> = [() => store.stop()];
  const session = enterFullScreen(process.stdout, process.stdin, cleanups);
  void store.start();
  const ink = render(<App source={store} theme={theme} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    // Only changed lines are redrawn: over SSH a refresh costs a few bytes, not a screen.
    incrementalRendering: false,
  });
  cleanups.unshift(() => ink.unmount());
  await ink.waitUntilExit();
  await session.restore();
  return EXIT.ok;
}

async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  switch (invocation.command) {
    case 'info':
      process.stdout.write(invocation.text);
      return EXIT.ok;
    case 'ls': {
      const gateway = await connect(invocation.options);
      try {
        await runLs(gateway, invocation, process.stdout);
      } catch (error) {
        throw new ReportedError(`Listing volumes failed: ${engineMessage(error)}\nCheck that the engine is healthy (\`docker info\`) and try again.`);
      }
      return EXIT.ok;
    }
    case 'tui':
      return runTui(invocation.options);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`volscope: ${error.message}\n\n${usageText()}`);
      process.exit(EXIT.usage);
    }
    if (error instanceof ReportedError) {
      process.stderr.write(`volscope: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`volscope: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.failure);
  },
);
