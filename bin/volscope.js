#!/usr/bin/env node
await import('../dist/bundle/cli.js');
