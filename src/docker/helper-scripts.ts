import {STAT_FORMAT} from '../model/listing.js';

/**
 * The fixed shell scripts the helper runs. User text (paths) only ever arrives as "$1", in the
 * octal-escaped form of model/files.ts encodePathArg, and is turned back into bytes by printf's
 * escape handling: the script text never changes with what is browsed.
 *
 * Exit codes the scripts choose, so docker/ can say precisely what went wrong.
 */
export const EXIT = {
  noVolume: 90,
  outside: 92,
  gone: 93,
  notDirectory: 94,
  cannotEnter: 95,
  notFile: 96,
} as const;

/** Decodes $1 into $p; the trailing `.` keeps names that end in a newline intact. */
const DECODE = 'p=$(printf "$1"; echo .); p=${p%.}; cd /volume || exit 90; ';

/** Enters $p without trusting symlinks: the physical directory must still be inside the volume. */
const ENTER =
  'if [ -n "$p" ]; then [ -e "$p" ] || [ -L "$p" ] || exit 93; [ -d "$p" ] || exit 94; cd -P -- "$p" || exit 95; fi; ' +
  'case $(pwd -P) in /volume|/volume/*) ;; *) exit 92;; esac; ';

export const LIST_SCRIPT = `${DECODE}${ENTER}exec find . -mindepth 1 -maxdepth 1 -exec stat -c '${STAT_FORMAT}' {} +`;

/**
 * Reads at most $2 bytes of a regular file. Links are resolved by realpath and must land inside
 * the volume; a fifo or device is refused (reading a fifo would block forever).
 */
export const READ_SCRIPT =
  `${DECODE}[ -e "$p" ] || exit 93; r=$(realpath "/volume/$p"; echo .); r=\${r%.}; r=\${r%?}; ` +
  'case $r in /volume/*) ;; *) exit 92;; esac; [ -f "$r" ] || exit 96; exec head -c "$2" "$r"';

/** Disk usage of every entry of a directory; its pid is kept so a cancel can stop it. */
export const DU_SCRIPT = `${DECODE}${ENTER}echo $$ > /tmp/du.pid; exec du -a -d 1 -k .`;

export const DU_CANCEL_SCRIPT = 'kill "$(cat /tmp/du.pid)" 2>/dev/null; rm -f /tmp/du.pid; true';

/**
 * A tar of one entry ($2) of a directory ($1), made inside the helper. Used instead of the
 * archive API for names that are not UTF-8, which Docker 20.10's archive API silently leaves out.
 */
export const TAR_SCRIPT =
  'p=$(printf "$1"; echo .); p=${p%.}; n=$(printf "$2"; echo .); n=${n%.}; cd /volume || exit 90; ' +
  `${ENTER}[ -e "./$n" ] || [ -L "./$n" ] || exit 93; exec tar -c -f - "./$n"`;

/**
 * A volume's whole tree for a clone's check, in three sections each closed by one more NUL
 * (model/tree-listing.ts): every path NUL-terminated; one fixed-format line per path,
 * in the same order (find walks an unchanged tree in readdir order each time); then `%N` of each
 * symlink, whose target is read by its length. One exec: each costs a round trip to the engine.
 * No user text in it.
 */
function treeScript(root: '/volume' | '/from'): string {
  return (
    `(cd ${root} && find . -mindepth 1 -print0 && printf '\\0' && ` +
    `find . -mindepth 1 -exec stat -c '%f %s %u %g %Y' {} + && printf '\\0' && ` +
    `find . -mindepth 1 -type l -exec stat -c '%N' {} + && printf '\\0')`
  );
}

export const TREE_SCRIPT = treeScript('/volume');

/**
 * A clone inside one engine: the tree, owners, modes, times and links as they are (busybox cp -a,
 * which leaves a symlink's own time at now: each is set again from the source's), then both trees.
 */
export const COPY_SCRIPT =
  'cp -a /from/. /volume/ || exit 97; ' +
  `find /from -type l -exec sh -c 'for f; do touch -h -d "@$(stat -c %Y "$f")" "/volume/\${f#/from/}" || exit 98; done' links {} + || exit 98; ` +
  `${treeScript('/from')} && ${treeScript('/volume')}`;
