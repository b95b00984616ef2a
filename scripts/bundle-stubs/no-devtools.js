// Stand-in for react-devtools-core, which Ink imports only when DEV=true (see scripts/bundle.js).
export default {connectToDevTools() {}};
