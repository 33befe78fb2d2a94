#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles bin/main.ts on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exit(await main(process.argv.slice(2)));
