import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The e2e tests need a system chromium (Debian: apt-get install chromium); without one they skip. */
export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`e2e: skipped, no chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);

/** Debian's chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
