#!/usr/bin/env node
// plastlab command line. The sources are TypeScript run directly by Node (type stripping, Node ≥ 22.13).
import { main } from '../simulator/server/cli.ts';

await main(process.argv);
