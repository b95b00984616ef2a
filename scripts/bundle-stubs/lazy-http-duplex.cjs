// Stand-in for docker-modem's ./http_duplex: it pulls in readable-stream (a userland copy of
// Node's streams) on load, for the hijacked connections only a helper's stdin uses. Required the
// first time one is made; `new` on this returns the real object (see scripts/bundle-plugins.js).
module.exports = function HttpDuplex(req, res, options) {
  const RealHttpDuplex = require('docker-modem/lib/http_duplex.js');
  return new RealHttpDuplex(req, res, options);
};
