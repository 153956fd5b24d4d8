/**
 * Browser helpers for the trainer console's end-to-end tests: screenshots under test-results/trainer/,
 * and a download read back as text. The build and the browser are the HMI's (hmi-browser.ts: Debian's
 * Chromium through playwright-core, the HMI built once per source state, trainer page included).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const TRAINER_ARTEFACTS = join(resolve(import.meta.dirname, '..', '..'), 'test-results', 'trainer');

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(TRAINER_ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(TRAINER_ARTEFACTS, `${name}.png`), fullPage: true });
}

/** Click and return the file the page downloads (name and content). */
export async function downloaded(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  mkdirSync(TRAINER_ARTEFACTS, { recursive: true });
  const file = join(TRAINER_ARTEFACTS, d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), body: readFileSync(file) };
}
