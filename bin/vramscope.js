#!/usr/bin/env node
// Shim: the CLI is built to dist/ by `npm run build`.
import { main } from '../dist/cli/main.js';
await main(process.argv);
