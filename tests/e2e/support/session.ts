import type { Browser, Page } from 'playwright-core';

export const VIEWPORT = { width: 1280, height: 800 };

/** A fresh browser context (its own cookies), signed in through the login page. */
export async function signIn(browser: Browser, baseUrl: string, name: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser ${name}] ${error.message}`));
  await page.goto(baseUrl);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

/** The assignment id of the pair on screen, or null when the queue is empty. */
export async function shownAssignmentId(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const pair = document.querySelector('[data-testid="pair"]');
    return pair ? Number(pair.getAttribute('data-assignment-id')) : null;
  });
}

/** Waits until the page shows a pair other than `previous` (or the empty queue). */
export async function waitForNextPair(page: Page, previous: number | null): Promise<number | null> {
  await page.waitForFunction(
    (prev) => {
      const pair = document.querySelector('[data-testid="pair"]');
      if (pair) return pair.getAttribute('data-assignment-id') !== String(prev);
      return document.querySelector('[data-testid="empty-queue"]') !== null;
    },
    previous,
    { timeout: 15_000 },
  );
  return shownAssignmentId(page);
}
