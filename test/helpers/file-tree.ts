import {TEST_IMAGE, TEST_LABEL, type TestEngine, docker} from './engines.js';

/**
 * A volume tree with every name a listing must survive. Built by a fixed script inside a
 * container: names that are not UTF-8 cannot travel as exec argv, so the script makes them with
 * printf escapes itself.
 */
const TREE_SCRIPT = [
  'set -e; cd /v',
  'mkdir -p docs/sub empty big locked',
  'printf "hello\\nworld\\n" > docs/readme.txt',
  'printf "inner" > docs/sub/inner.txt',
  'printf "x" > "with space"',
  'printf "x" > "$(printf "new\\nline")"',
  'printf "x" > "$(printf "tab\\there")"',
  'nl=$(printf "\\n."); nl=${nl%.}; printf "x" > "trailing-newline$nl"',
  'printf "x" > "$(printf "esc\\033]2;PWNED-NAME\\007")"',
  'printf "x" > "$(printf "bad\\377\\376utf8")"',
  'printf "x" > -leading-dash',
  'printf "x" > "quote\' -> \'fake"',
  'printf "\\033]2;PWNED-CONTENT\\007 and text\\n" > evil-content.txt',
  'head -c 300000 /dev/zero | tr "\\0" "a" > medium.txt',
  'head -c 1100000 /dev/zero | tr "\\0" "b" > large.txt',
  'printf "\\000\\001\\002\\003binary\\377" > blob.bin',
  'ln -s docs/readme.txt link-inside',
  'ln -s /etc/passwd link-outside',
  'ln -s ../../.. link-up-out',
  'ln -s missing-target link-dangling',
  'ln -s "$(printf "odd\\n/target")" link-odd-target',
  'mkfifo a-fifo',
  'printf "secret" > locked/secret.txt; chown -R 4321:4321 locked; chmod 000 locked/secret.txt; chmod 700 locked',
  'cd big; i=0; while [ $i -lt 100 ]; do j=0; set --; while [ $j -lt 1000 ]; do set -- "$@" "f$i-$j"; j=$((j+1)); done; touch "$@"; i=$((i+1)); done',
].join('\n');

/** The entries of the tree's root, as `find` names them. */
export const ROOT_NAMES = [
  'docs',
  'empty',
  'big',
  'locked',
  'with space',
  'new\nline',
  'tab\there',
  'trailing-newline\n',
  'esc\u001b]2;PWNED-NAME\u0007',
  'bad\\xff\\xfeutf8',
  '-leading-dash',
  "quote' -> 'fake",
  'evil-content.txt',
  'medium.txt',
  'large.txt',
  'blob.bin',
  'link-inside',
  'link-outside',
  'link-up-out',
  'link-dangling',
  'link-odd-target',
  'a-fifo',
];

export const BIG_COUNT = 100_000;

export async function createFileTree(engine: TestEngine, volume: string): Promise<void> {
  await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
  await docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', TREE_SCRIPT);
}

/** What `find` sees in a directory of the volume, as raw names (NUL-separated, so exact). */
export async function findNames(engine: TestEngine, volume: string, dir: string): Promise<Buffer[]> {
  const {execFile} = await import('node:child_process');
  const out = await new Promise<Buffer>((resolve, reject) =>
    execFile(
      'docker',
      [
        '-H',
        engine.url,
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${volume}:/v:ro`,
        TEST_IMAGE,
        'find',
        `/v/${dir}`,
        '-mindepth',
        '1',
        '-maxdepth',
        '1',
        '-print0',
      ],
      {encoding: 'buffer', maxBuffer: 64 * 1024 * 1024},
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const names: Buffer[] = [];
  let start = 0;
  const prefix = Buffer.from(`/v/${dir}/`.replace(/\/+$/, '/').replace('/v//', '/v/')).length;
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== 0) continue;
    names.push(Buffer.from(out.subarray(start + prefix, i)));
    start = i + 1;
  }
  return names;
}
