#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (needs `tsx`); use bin/run.js for the built CLI.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
