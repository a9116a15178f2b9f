#!/usr/bin/env node
// The npm bin: starts the compiled CLI. All logic lives in src/cli.ts.
import { main } from '../build/cli.js';

process.exitCode = await main(process.argv.slice(2));
