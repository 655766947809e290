#!/usr/bin/env node
import { dropWritesOnBrokenPipe } from './broken-pipe.js';
import { main } from './main.js';
import { processOutput } from './output.js';

dropWritesOnBrokenPipe(process.stdout);
dropWritesOnBrokenPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2), processOutput);
