// `ls` on what `volscope ls --no-size` stands on since it lists without dockerode (src/cli/
// ls-from-lists.ts): commander parses argv, node:http asks the two lists straight from the socket,
// names and users are printed. Bundled as volscope is (bench/floor.js): the floor of that `ls`.
import {Command} from 'commander';
import lists from './http-lists.cjs';
import rows from './rows.cjs';

const program = new Command('floor');
program
  .command('ls')
  .argument('<host>')
  .action(async (host) => {
    process.stdout.write(`${rows.rowLines(await lists.listsOf(host)).join('\n')}\n`);
  });
await program.parseAsync();
