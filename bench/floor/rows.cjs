// One engine's two lists as the floors print them: a line per volume with its driver and a
// container that uses it. Shared by every floor so that each does the same work.
exports.rowLines = ([volumes, containers]) => {
  const users = new Map();
  for (const container of containers)
    for (const mount of container.Mounts) if (mount.Name) users.set(mount.Name, container.Names[0]);
  return (volumes.Volumes ?? []).map((v) => `${v.Name}  ${v.Driver}  ${users.get(v.Name) ?? '-'}`);
};
