// `ls` on the libraries volscope stands on, and nothing else: commander parses argv, dockerode
// lists volumes and containers, names and users are printed. Bundled as volscope is (bench/floor.js),
// it is the floor of an `ls` built on dockerode.
import {Command} from 'commander';
import Docker from 'dockerode';
import rows from './rows.cjs';

const program = new Command('floor');
program
  .command('ls')
  .argument('<host>')
  .action(async (host) => {
    const docker = new Docker({socketPath: host.replace(/^unix:\/\//, '')});
    const lists = await Promise.all([docker.listVolumes(), docker.listContainers({all: true})]);
    process.stdout.write(`${rows.rowLines(lists).join('\n')}\n`);
  });
await program.parseAsync();
