import {engineMessage} from '../docker/errors.js';
import type {EngineGateway} from '../docker/gateway.js';
import {type HistoryUse, measured} from './history-scan.js';
import {type LsOutput, printLs} from './ls-print.js';

/** An engine to list: its name for the ENGINE column, and its gateway (or why it could not be reached). */
export type LsEngine =
  | {readonly name: string; readonly gateway: EngineGateway; readonly swept?: Promise<readonly string[]>}
  | {readonly name: string; readonly problem: string};

/** `volscope ls`: every engine listed at once, with sizes and the history when asked (see printLs). */
export async function runLs(
  engines: readonly LsEngine[],
  use: HistoryUse,
  options: LsOutput,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const results = await Promise.all(
    engines.map((engine) =>
      ('problem' in engine
        ? Promise.reject(new Error(engine.problem))
        : measured(engine.gateway, engine.name, options.sizes, use, engine.swept)
      ).then(
        (rows) => ({name: engine.name, rows}),
        (error: unknown) => ({name: engine.name, error: 'problem' in engine ? engine.problem : engineMessage(error)}),
      ),
    ),
  );
  return printLs(results, use.history?.note, options, out, err);
}
