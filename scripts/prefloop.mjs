#!/usr/bin/env node
// The `prefloop` command: runs server/cli.ts through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
