// Stand-in for docker-modem's ./ssh: ssh2 takes ~55 ms to load and only ssh:// engines need it,
// so it is required the first time an ssh:// connection is made (see scripts/bundle.js).
module.exports = function sshAgent(options) {
  return require('docker-modem/lib/ssh.js')(options);
};
