/**
 * Browser helpers for the HMI end-to-end tests: build the HMI once per source state (cached under
 * test-results/, safe when several test processes ask at once), point the server at that build, and drive
 * Debian's Chromium through playwright-core (never a downloaded browser).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTEFACTS = join(ROOT, 'test-results', 'hmi');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    // build outputs are not sources; the twin (issue 7) is, once the app imports it
    if (f === 'dist' || f === 'build' || f === 'node_modules') return [];
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Hash of everything the build depends on. */
function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of [...files(join(ROOT, 'hmi')), join(ROOT, 'simulator/server/realtime/wire.ts')].sort()) {
    h.update(f);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Build the HMI into test-results/hmi-build/<hash> unless already built, and make the server serve it
 * (PLASTLAB_HMI_DIR). A lock directory serialises concurrent builds.
 */
export async function buildHmiOnce(): Promise<string> {
  const base = join(ROOT, 'test-results', 'hmi-build');
  const out = join(base, sourceHash());
  const done = join(out, '.built');
  const lock = join(base, '.lock');
  mkdirSync(base, { recursive: true });
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch {
      // another process builds; a stale lock (> 2 min) is taken over
      if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      if (!existsSync(done)) {
        const { build } = await import('vite');
        await build({
          configFile: join(ROOT, 'hmi', 'vite.config.ts'),
          logLevel: 'warn',
          build: { outDir: out, emptyOutDir: true },
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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Save a full-page screenshot as a test artefact (test-results/hmi/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

/** WCAG 2.1 contrast ratio of every visible text node's colour against its effective background. */
export function contrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (x: number) => {
        const s = x / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const bgOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim()) continue;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (
        r.width === 0 ||
        r.height === 0 ||
        cs.visibility === 'hidden' ||
        cs.clip === 'rect(0px, 0px, 0px, 0px)'
      )
        continue;
      if (el.closest('.uplot, [aria-hidden="true"], .sr-only, option')) continue;
      const fg = parse(cs.color);
      const bg = bgOf(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = Number.parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(`${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 40)}" ${cs.color} on ${bg.join(',')}`);
    }
    return out;
  });
}
