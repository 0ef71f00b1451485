// bench:labels' database, written through server/store in one transaction before the server starts: annotators
// and an admin with bearer tokens, the starter policy as the active one (the training phase's reward model starts
// from it) and `comparisons` open pairs.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { newSecret, sha256 } from '../../server/auth/secrets';
import { createStore } from '../../server/store';
import { openDatabase } from '../../server/store/db';

const RESPONSES_PER_PROMPT = 10; // every pair of them a comparison: 45 per prompt
const NO_LOGIN = 'scrypt$1$1$1$x$x'; // a hash no password matches: bench users sign in by token only

export interface BenchDatabase {
  annotatorTokens: string[];
  adminToken: string;
}

export function seedBenchDatabase(dbPath: string, opts: { annotators: number; comparisons: number; starterDir: string }): BenchDatabase {
  // a copy: the starter may be retrained (rewritten) while the bench runs
  const policyDir = join(dbPath, '..', 'starter');
  cpSync(opts.starterDir, policyDir, { recursive: true });
  const db = openDatabase(dbPath);
  const store = createStore(db);
  const token = (userId: number) => {
    const secret = newSecret('pf_');
    store.tokens.create(sha256(secret), userId, 'bench');
    return secret;
  };
  const seeded = store.transaction((): BenchDatabase => {
    const annotatorTokens = Array.from({ length: opts.annotators }, (_, i) => token(store.users.create(`bench${i}`, 'annotator', NO_LOGIN).id));
    const adminToken = token(store.users.create('bench-admin', 'admin', NO_LOGIN).id);
    store.policies.activate(store.policies.register({ kind: 'builtin', checkpointPath: policyDir }).id);
    store.settings.setRmRetrainEveryLabels(Number.MAX_SAFE_INTEGER); // no automatic reward-model job: the bench starts its own
    for (let made = 0, p = 0; made < opts.comparisons; p++) {
      const promptId = store.prompts.upsert({ text: `Bench prompt ${p}: explain something in a few sentences.`, source: 'bench' }).id;
      const ids = Array.from(
        { length: RESPONSES_PER_PROMPT },
        (_, m) => store.responses.upsert({ promptId, modelName: `bench-model-${m}`, text: `Answer ${m} to prompt ${p}. `.repeat(6) }).id,
      );
      for (let i = 0; i < ids.length && made < opts.comparisons; i++) {
        for (let j = i + 1; j < ids.length && made < opts.comparisons; j++, made++) {
          store.comparisons.insert({ promptId, responseA: ids[i], responseB: ids[j], kind: 'train', priority: 0, overlapTarget: 1 });
        }
      }
    }
    return { annotatorTokens, adminToken };
  });
  db.close();
  return seeded;
}
