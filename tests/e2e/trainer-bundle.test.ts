/**
 * The candidate's bundle holds nothing of the trainer console (reliability-security T4, I4): every file the
 * candidate's page loads — its entry, the shared chunks, the lazily imported ones — is read, and none holds a
 * text of the trainer dictionaries, a trainer endpoint or the console's address; the same texts are found in
 * the console's own files (so the check can see them). The console is served at `/trainer/` (client routes
 * fall back to its page), with the HMI's Content-Security-Policy, and never a source map.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../hmi/i18n/en.ts';
import { fr } from '../../hmi/i18n/fr.ts';
import { trainerEn } from '../../hmi/i18n/trainer.en.ts';
import { trainerFr } from '../../hmi/i18n/trainer.fr.ts';
import { buildHmiOnce } from '../helpers/hmi-browser.ts';
import { startTrainerLab, type TrainerLab } from '../helpers/trainer-lab.ts';

const strings = (o: unknown): string[] =>
  typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(strings) : [];

/** Every file a page loads: its entry, what it imports (statically or lazily) and its preloads. */
function closure(dir: string, html: string): Map<string, string> {
  const out = new Map<string, string>();
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  while (queue.length) {
    const rel = queue.shift()!;
    if (out.has(rel)) continue;
    const text = readFileSync(join(dir, rel), 'utf8');
    out.set(rel, text);
    if (!rel.endsWith('.js')) continue;
    for (const m of text.matchAll(/["'`](?:\.\/|\/?assets\/)([\w.-]+\.(?:js|css))["'`]/g))
      queue.push(`assets/${m[1]}`);
  }
  return out;
}

describe('candidate bundle and trainer console', () => {
  let dir = '';
  let t: TrainerLab;

  beforeAll(async () => {
    dir = await buildHmiOnce();
    t = await startTrainerLab({ stations: 1 });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('the candidate’s page loads no trainer text, endpoint or address; the console’s page has them', () => {
    const candidate = closure(dir, readFileSync(join(dir, 'index.html'), 'utf8'));
    const trainer = closure(dir, readFileSync(join(dir, 'trainer', 'index.html'), 'utf8'));
    expect(candidate.size).toBeGreaterThanOrEqual(3);
    // texts of the console only (not shared with the candidate's dictionaries), as they sit in a bundle
    const shared = new Set([...strings(fr), ...strings(en)]);
    const trainerText = [...trainer.values()].join('\n');
    const texts = [...new Set([...strings(trainerFr), ...strings(trainerEn)])]
      .filter((s) => !shared.has(s))
      .flatMap((s) => s.split(/\{\{\w+\}\}/))
      .map((s) => s.trim())
      .filter(
        (s) => s.length >= 16 && s.split(' ').length >= 3 && !/["'\\`]/.test(s) && trainerText.includes(s),
      );
    expect(texts.length).toBeGreaterThan(120);
    const endpoints = [
      '/api/sessions',
      '/api/faults',
      '/api/scoring',
      '/trainer',
      'plastlab.trainer.session',
    ];
    for (const e of endpoints.slice(0, 2)) expect(trainerText).toContain(e);
    for (const [file, text] of candidate) {
      expect(
        texts.filter((s) => text.includes(s)),
        file,
      ).toEqual([]);
      expect(
        endpoints.filter((e) => text.includes(e)),
        file,
      ).toEqual([]);
      expect(text, file).not.toMatch(/sourceMappingURL/);
    }
    // none of the console's own chunks is loaded by the candidate's page
    const own = [...trainer.keys()].filter((k) => ![...candidate.keys()].includes(k));
    expect(own.some((k) => /trainer/.test(k))).toBe(true);
    for (const k of own) expect(candidate.has(k)).toBe(false);
  });

  it('serves the console at /trainer/ with its client routes, the CSP, and no source map', async () => {
    expect(existsSync(join(dir, 'trainer', 'index.html'))).toBe(true);
    const r = await fetch(`${t.url}/trainer/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await r.text()).toMatch(/<title>plastlab — console formateur<\/title>/);
    const redirect = await fetch(`${t.url}/trainer`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/trainer/');
    for (const route of ['/trainer/scores', '/trainer/watch?station=st1', '/trainer/session'])
      expect(await (await fetch(`${t.url}${route}`)).text(), route).toContain('console formateur');
    for (const bad of [
      '/trainer/missing.js',
      '/trainer/index.html.map',
      '/trainer/.env',
      '/trainer/../credentials.json',
    ])
      expect((await fetch(`${t.url}${bad}`)).status, bad).toBe(404);
    // the candidate's page is unchanged
    expect(await (await fetch(`${t.url}/`)).text()).toMatch(/<title>plastlab — IHM<\/title>/);
  });
});
