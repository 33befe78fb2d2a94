#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the TypeScript CLI without a build step: tsx compiles bin/main.ts on the fly.
// --max-semi-space-size=64 (MB, V8's young generation): a live query's batch of records lives across
// one asynchronous commit; with the default 16 MB much of it is promoted to the old generation and
// collected by the costlier full GC (Nexmark q1 over Kafka: 8.2 -> 6.3 us of CPU per event).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exit(await main(process.argv.slice(2)));
