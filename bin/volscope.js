#!/usr/bin/env node
// React's development build records every component's props for its profiler: with thousands of
// rows that costs gigabytes and tens of milliseconds a key. volscope always runs production React
// unless a developer asks otherwise.
process.env.NODE_ENV ??= 'production';
await import('../dist/cli.js');
