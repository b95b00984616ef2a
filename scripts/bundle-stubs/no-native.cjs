// The single executable carries no native addons: ssh2 asks for its crypto binding and
// cpu-features inside try/catch, and takes its pure-JS path when they throw.
throw new Error('native addons are not part of the single executable');
