import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {existsSync} from 'node:fs';

/** $VISUAL, then $EDITOR (either may hold arguments: "code -w"), then vi, then nano. */
export function editorCommand(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  for (const name of ['VISUAL', 'EDITOR']) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  const path = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return ['vi', 'nano'].find((program) => path.some((folder) => existsSync(join(folder, program))));
}

/** A private copy of the file to edit, named as it is (editors pick their mode by the name). */
export interface EditCopy {
  readonly path: string;
  read(): Buffer;
  /** Removed once written back; kept (and named to the user) when it could not be. */
  remove(): void;
}

export function makeEditCopy(name: string, content: Buffer): EditCopy {
  const folder = mkdtempSync(join(tmpdir(), 'volscope-edit-'));
  // Control characters would make a name no editor can be handed safely: the name is for show.
  const path = join(folder, name.replace(/[\u0000-\u001f\u007f/]/g, '_') || 'file');
  writeFileSync(path, content, {mode: 0o600});
  return {
    path,
    read: () => readFileSync(path),
    remove: () => rmSync(folder, {recursive: true, force: true}),
  };
}

/**
 * Runs the editor on the terminal, waiting for it: the caller has handed the terminal over
 * (cooked mode, main screen). The command goes through sh so that "code -w" works; the file is
 * "$1", never part of the command text.
 */
export function runEditor(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): {ok: true} | {ok: false; why: string} {
  const editor = editorCommand(env);
  if (!editor) return {ok: false, why: 'no editor: set VISUAL or EDITOR (neither vi nor nano is installed)'};
  const result = spawnSync('sh', ['-c', `${editor} "$1"`, 'volscope-editor', file], {
    stdio: 'inherit',
    env: env as NodeJS.ProcessEnv,
  });
  if (result.error) return {ok: false, why: `${editor} could not be started: ${result.error.message}`};
  if (result.status !== 0) return {ok: false, why: `${editor} exited with ${result.status ?? result.signal}`};
  return {ok: true};
}
