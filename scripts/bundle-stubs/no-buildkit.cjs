// Stand-in for dockerode's BuildKit session and protobuf modules (~100 ms of gRPC loading at
// start): volscope never builds images. See scripts/bundle.js.
function notHere(...args) {
  const callback = args.reverse().find((arg) => typeof arg === 'function');
  const error = new Error('volscope does not build images: BuildKit support is left out of its bundle');
  if (callback) return callback(error);
  throw error;
}
module.exports = notHere;
