/**
 * Browser helpers for the digital twin (issue 7): build the HMI including `hmi/twin/` (the HMI suite's
 * build cache leaves the twin out of its hash), drive Debian's Chromium with WebGL on SwiftShader
 * (software GL, as on a classroom PC without a GPU driver), log a candidate in and open the twin, and
 * read the twin's state through its debug handle (`window.__plastlabTwin`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const TWIN_ARTEFACTS = join(ROOT, 'test-results', 'twin');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'dist' || f === 'node_modules') return [];
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of [...files(join(ROOT, 'hmi')), join(ROOT, 'simulator/server/realtime/wire.ts')].sort()) {
    h.update(f);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Build the HMI (with the twin) once per source state into test-results/twin-build/<hash>; serve it. */
export async function buildTwinHmi(): Promise<string> {
  const base = join(ROOT, 'test-results', 'twin-build');
  const out = join(base, sourceHash());
  const done = join(out, '.built');
  const lock = join(base, '.lock');
  mkdirSync(base, { recursive: true });
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      if (!existsSync(done)) {
        const { build } = await import('vite');
        await build({
          configFile: join(ROOT, 'hmi', 'vite.config.ts'),
          logLevel: 'error',
          // the candidate page only (the HMI's config may list other entries, e.g. a trainer console)
          build: {
            outDir: out,
            emptyOutDir: true,
            rolldownOptions: { input: join(ROOT, 'hmi', 'index.html') },
          },
        });
        writeFileSync(done, new Date().toISOString());
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  process.env.PLASTLAB_HMI_DIR = out;
  return out;
}

/** Chromium with WebGL through SwiftShader (software), never a downloaded browser. */
export function launchGlChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
    ],
  });
}

export async function twinScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(TWIN_ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(TWIN_ARTEFACTS, `${name}.png`) });
}

/** Log in with a station's credentials (French UI) and open the twin; wait for its first frame. */
export async function openTwin(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
  await page.getByRole('navigation', { name: 'Écrans' }).waitFor();
  await page.getByRole('navigation', { name: 'Écrans' }).getByRole('link', { name: 'Jumeau 3D' }).click();
  await waitTwin(page);
}

/** Wait until the twin has drawn a frame with live values. */
export async function waitTwin(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const tw = (
        window as unknown as { __plastlabTwin?: { stats(): { frames: number }; readings(): unknown } }
      ).__plastlabTwin;
      return !!tw && tw.stats().frames > 0 && tw.readings() !== null;
    },
    undefined,
    { timeout: 20_000 },
  );
}

export interface TwinStats {
  frames: number;
  calls: number;
  maxCalls: number;
  triangles: number;
  lastRenderMs: number;
  width: number;
  height: number;
}

type Tw = {
  stats(): TwinStats;
  pose(): Record<string, number>;
  readings(): Record<string, unknown> | null;
  labels(): { id: string; text: string }[];
  highlights(): { anchor: string; code: string }[];
  anchorScreen(eq: string): { x: number; y: number } | undefined;
  tagAt(x: number, y: number): string | undefined;
  preset(p: string, instant?: boolean): void;
  setContinuous(on: boolean): void;
  animating(): boolean;
};

/** Call the twin's debug handle in the page. */
export function twin<R>(page: Page, fn: (tw: Tw) => R): Promise<R> {
  return page.evaluate(`(${fn.toString()})(window.__plastlabTwin)`) as Promise<R>;
}
