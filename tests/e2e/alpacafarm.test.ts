/**
 * Real data through the browser: the AlpacaFarm SFT and PPO outputs for the same 252 instructions
 * (../shared/data) are uploaded on the admin page as two models; an annotator is shown an SFT-vs-PPO pair
 * of one instruction and labels it with the keyboard; the label lands mapped through the shown order.
 */
import { existsSync, readFileSync, } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { ROOT } from './support/build';
import { shownAssignmentId, signIn, waitForNextPair } from './support/session';

const DATA = path.resolve(ROOT, '../shared/data');
const SFT = path.join(DATA, 'alpacafarm_outputs_sft.json');
const RLHF = path.join(DATA, 'alpacafarm_outputs_rlhf.json');
const haveData = existsSync(SFT) && existsSync(RLHF);
if (!haveData) console.warn(`e2e alpacafarm: skipped, ${DATA} has no AlpacaFarm outputs (the handbook's shared/data)`);

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const ANNOTATOR = { name: 'farm.annotator', password: 'annotator-password-2' };

describe.skipIf(!hasChromium || !haveData)('AlpacaFarm SFT vs PPO outputs, imported and labelled in the browser', () => {
  let app: E2eApp;
  let server: E2eApp['server'];
  let browser: Browser;

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    ({ server, browser } = app);
  });

  afterAll(() => app?.close());

  it('uploads both files as two models and gets 252 comparisons, then an annotator labels one pair', async () => {
    const admin = await signIn(browser, server.url, ADMIN.name, ADMIN.password);
    await admin.getByTestId('admin-page').waitFor();
    await admin.getByTestId('new-user-name').fill(ANNOTATOR.name);
    await admin.getByTestId('new-user-password').fill(ANNOTATOR.password);
    await admin.getByTestId('create-user').click();
    await admin.getByTestId(`user-row-${ANNOTATOR.name}`).waitFor();

    for (const [model, file, comparisons] of [
      ['alpacafarm-sft', SFT, 0],
      ['alpacafarm-ppo', RLHF, 252],
    ] as const) {
      await admin.getByTestId('import-model').fill(model);
      await admin
        .getByTestId('import-file')
        .setInputFiles({ name: path.basename(file), mimeType: 'application/json', buffer: readFileSync(file) });
      await admin.getByTestId('import-submit').click();
      await expect
        .poll(() => admin.getByTestId('import-result').textContent(), { timeout: 15_000 })
        .toContain(`252 new responses, ${comparisons} new comparisons`);
    }
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM comparisons').get()).toEqual({ n: 252 });

    const annotator = await signIn(browser, server.url, ANNOTATOR.name, ANNOTATOR.password);
    const assignmentId = await waitForNextPair(annotator, null);
    expect(assignmentId).not.toBeNull();
    const shown = server.db
      .prepare(
        `SELECT a.shown_order, p.text AS prompt, ra.model_name AS modelA, rb.model_name AS modelB, ra.text AS textA, rb.text AS textB
         FROM assignments a JOIN comparisons c ON c.id = a.comparison_id JOIN prompts p ON p.id = c.prompt_id
         JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b WHERE a.id = ?`,
      )
      .get(assignmentId) as { shown_order: 'ab' | 'ba'; prompt: string; modelA: string; modelB: string; textA: string; textB: string };
    expect(new Set([shown.modelA, shown.modelB])).toEqual(new Set(['alpacafarm-sft', 'alpacafarm-ppo']));
    const rows = JSON.parse(readFileSync(SFT, 'utf8')) as { instruction: string; input: string }[];
    expect(rows.some((r) => shown.prompt.startsWith(r.instruction))).toBe(true);
    // The screen shows the instruction and, on the left, the answer the shown order says.
    await expect.poll(() => annotator.getByTestId('prompt').textContent()).toContain(shown.prompt.split('\n')[0].slice(0, 40));
    const [leftText, rightText] = shown.shown_order === 'ab' ? [shown.textA, shown.textB] : [shown.textB, shown.textA];
    const words = (text: string) => (text.match(/[A-Za-z]{4,}/g) ?? []).slice(0, 6);
    const leftShown = (await annotator.getByTestId('response-left').textContent()) ?? '';
    const rightShown = (await annotator.getByTestId('response-right').textContent()) ?? '';
    for (const w of words(leftText)) expect(leftShown).toContain(w);
    for (const w of words(rightText)) expect(rightShown).toContain(w);

    // Keyboard only: B (right) is better, strength "better" (E), Enter.
    await annotator.keyboard.press('2');
    await annotator.keyboard.press('e');
    await annotator.keyboard.press('Enter');
    await waitForNextPair(annotator, assignmentId);
    expect(await shownAssignmentId(annotator)).not.toBe(assignmentId);

    const label = server.db.prepare('SELECT choice, strength, shown_order FROM labels WHERE assignment_id = ?').get(assignmentId);
    expect(label).toEqual({ choice: shown.shown_order === 'ab' ? 'b' : 'a', strength: 2, shown_order: shown.shown_order });
  });
});
