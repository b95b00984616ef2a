// The fastest `ls` a Node program can be: CommonJS, node:http straight to the socket, the two
// lists volscope joins (volumes, and containers for who uses each), names and users printed.
// The bench runs it beside `volscope ls` to show how much of the time is Node's own.
const {listsOf} = require('./http-lists.cjs');

listsOf(process.argv[2]).then(([volumes, containers]) => {
  const users = new Map();
  for (const container of containers)
    for (const mount of container.Mounts) if (mount.Name) users.set(mount.Name, container.Names[0]);
  const lines = (volumes.Volumes ?? []).map((v) => `${v.Name}  ${v.Driver}  ${users.get(v.Name) ?? '-'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
