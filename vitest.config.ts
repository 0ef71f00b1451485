import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // scrypt at the pre-2^17 cost, so suites that create users and log in stay fast (tests of the real cost set it themselves)
    env: { PREFLOOP_SCRYPT_N: '16384' },
  },
});
