// `ls` on the libraries volscope stands on, and nothing else: commander parses argv, dockerode
// lists volumes and containers, names and users are printed. Bundled as volscope is (bench/floor.js),
// it is the floor of an `ls` built on dockerode.
import {Command} from 'commander';
import Docker from 'dockerode';

const program = new Command('floor');
program
  .command('ls')
  .argument('<host>')
  .action(async (host) => {
    const docker = new Docker({socketPath: host.replace(/^unix:\/\//, '')});
    const [volumes, containers] = await Promise.all([docker.listVolumes(), docker.listContainers({all: true})]);
    const users = new Map();
    for (const container of containers)
      for (const mount of container.Mounts) if (mount.Name) users.set(mount.Name, container.Names[0]);
    const lines = (volumes.Volumes ?? []).map((v) => `${v.Name}  ${v.Driver}  ${users.get(v.Name) ?? '-'}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
await program.parseAsync();
