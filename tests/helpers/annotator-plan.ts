import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { PublicUser } from '../../shared/schemas/auth';
import type { Choice } from '../../shared/schemas/labels';
import type { ApiClient } from './client';
import { importPairs } from './data';

export type Annotator = ApiClient & { user: PublicUser };

export interface LabelledPlan {
  users: Record<string, Annotator>;
  /** per annotator, how many of their picks were the left side */
  leftPicks: Record<string, number>;
  /** prompt index → comparison id */
  comparisonOf: Map<number, number>;
}

const promptIndex = (text: string) => Number(text.split(' ').at(-1));

/**
 * Annotators named by `plan` label one pair per plan column (prompt i) through the real queue and label API, with
 * overlap k = the number of annotators. The plan holds STORED choices (a / b relative to response_a): each pick is
 * made on whichever side the queue showed response_a, so the stored labels equal the plan only if the server undoes
 * the shown-order swap. Label i of annotator n takes (n + 1)·(i + 1) seconds.
 */
export async function labelByPlan(admin: ApiClient, plan: Record<string, Choice[]>, prefix = 'quality prompt'): Promise<LabelledPlan> {
  const names = Object.keys(plan);
  const pairs = plan[names[0]].length;
  const saved = await admin.route(ROUTES.adminSettingsSave, { body: { overlap: names.length, goldRate: 0, leaseSeconds: 600 } });
  if (saved.status !== 200) throw new Error(`settings: ${saved.status} ${saved.text}`);
  await importPairs(admin, pairs, prefix);
  const comparisons = (await admin.route(ROUTES.adminComparisons, { query: { limit: 500 } })).body.items.filter((c) => c.promptText.startsWith(prefix));
  const aText = new Map(comparisons.map((c) => [promptIndex(c.promptText), c.responseA.text]));
  const comparisonOf = new Map(comparisons.map((c) => [promptIndex(c.promptText), c.id]));

  const users: Record<string, Annotator> = {};
  const leftPicks: Record<string, number> = {};
  for (const [n, name] of names.entries()) {
    const created = await admin.post<{ user: PublicUser }>(API.admin.users, { name, password: `${name}-password`, role: 'annotator' });
    if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${created.text}`);
    users[name] = Object.assign(await admin.login(name, `${name}-password`), { user: created.body.user });
    leftPicks[name] = 0;
    for (;;) {
      const [assignment] = (await users[name].route(ROUTES.queueNext, { body: { count: 1 } })).body.assignments;
      if (!assignment) break;
      const i = promptIndex(assignment.prompt.text);
      const planned = plan[name][i];
      const aIsLeft = assignment.left.text === aText.get(i);
      const pick = planned === 'a' || planned === 'b' ? ((planned === 'a') === aIsLeft ? 'left' : 'right') : planned;
      if (pick === 'left') leftPicks[name]++;
      const body = { assignmentId: assignment.assignmentId, pick, strength: 1, timeMs: 1000 * (n + 1) * (i + 1), idempotencyKey: `plan-${name}-${i}` };
      const response = await users[name].route(ROUTES.labelSubmit, { body });
      if (response.status !== 201) throw new Error(`label by ${name}: ${response.status} ${response.text}`);
    }
  }
  return { users, leftPicks, comparisonOf };
}
