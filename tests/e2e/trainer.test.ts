/**
 * The trainer console in a real browser (Debian's Chromium through playwright-core) against a lab with the
 * real cell on two stations, in virtual time: a candidate account is refused; the trainer logs in (French
 * by default), starts an exercise on both stations after seeing which exercises fit the lab, injects and
 * clears a fault live, watches a station, reads the scores grid with each line's justification and cited
 * journal entries, overrides a criterion with a comment (journaled with the trainer's identity), exports the
 * group grid as CSV and a report as PDF; the jury sees the same read-only; English, keyboard and contrast.
 * Screenshots in test-results/trainer/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExerciseAssignmentSchema,
  FaultPayloadSchema,
  OverridePayloadSchema,
} from '../../scoring/journal-model.ts';
import { buildHmiOnce, contrastFailures, launchChromium } from '../helpers/hmi-browser.ts';
import { downloaded, shot } from '../helpers/trainer-browser.ts';
import { startTrainerLab, type TrainerLab } from '../helpers/trainer-lab.ts';

const F01 = 'pilotage-f01-heater-band';
const F06 = 'pilotage-f06-wet-pa6';
const MIN = 60_000;

describe('trainer console in Chromium', () => {
  let t: TrainerLab;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await buildHmiOnce();
    t = await startTrainerLab({ stations: 2, exercises: [F01, F06] });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }).click();
  const login = async (p: Page, user: string, password: string) => {
    await p.getByLabel('Identifiant').fill(user);
    await p.getByLabel('Mot de passe').fill(password);
    await p.getByRole('button', { name: 'Se connecter' }).click();
  };

  it('refuses a candidate account, then logs the trainer in, in French by default', async () => {
    await page.goto(`${t.url}/trainer/`);
    await page.getByRole('heading', { level: 1, name: 'Console formateur — connexion' }).waitFor();
    const c = t.lab.credentials.forStation('st1')!;
    await login(page, c.user, c.password);
    await page.getByRole('alert').filter({ hasText: 'compte formateur ou jury uniquement' }).waitFor();
    await shot(page, '01-login-refused');
    await login(page, 'trainer', t.lab.credentials.account('trainer')!.password);
    await page.getByRole('heading', { level: 1, name: 'Vue du groupe' }).waitFor();
    const rows = page.getByRole('table').getByRole('rowheader');
    await expect(rows.allTextContents()).resolves.toEqual(['st1', 'st2']);
    await shot(page, '02-overview');
  });

  it('starts an exercise on two stations after seeing which exercises fit the lab', async () => {
    await nav('Session');
    const select = page.getByLabel('Exercice', { exact: true });
    await select.selectOption(F06);
    await page.getByText('Incompatible avec le laboratoire').waitFor();
    await page.getByText(/matière : l'exercice demande PA6/).waitFor();
    await select.selectOption(F01);
    await page.getByText('Compatible avec le laboratoire.').waitFor();
    await expect(page.getByLabel('st1', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('st2', { exact: true }).isChecked()).resolves.toBe(true);
    await page.getByLabel('Graine (vide : tirée au hasard)').fill('4242');
    await page.getByRole('button', { name: 'Démarrer l’exercice' }).click();
    await page
      .locator('div.ok')
      .filter({ hasText: `Exercice ${F01} démarré sur st1, st2 (graine 4242).` })
      .waitFor();
    // the draws stay folded away (a projected screen does not show them)
    await expect(
      page.getByRole('table', { name: 'Panne tirée pour chaque poste' }).isVisible(),
    ).resolves.toBe(false);
    await shot(page, '03-session-started');
    const ann = t.lab.journal
      .read({ types: ['session'] })
      .map((e) => ({ e, p: ExerciseAssignmentSchema.safeParse(e.payload) }))
      .find((x) => x.p.success)!;
    expect(ann.p.data).toMatchObject({ exercise: F01, seed: 4242, stations: ['st1', 'st2'] });
    expect(ann.e.actor).toMatchObject({ user: 'trainer', roles: ['trainer'] });
  });

  it('injects a fault live on a station and clears it', async () => {
    await nav('Pannes');
    await page.getByLabel('Poste', { exact: true }).selectOption('st2');
    await page.getByLabel('Panne du catalogue').selectOption('F03');
    await page.getByLabel('en rampe').check();
    await page.getByLabel('Durée de la rampe (min)').fill('2');
    await page.getByRole('button', { name: 'Injecter maintenant' }).click();
    await page
      .locator('p.ok')
      .filter({ hasText: /F03 injectée sur st2 \(F03-\d+\)\./ })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'F03' });
    await row.getByText('active').waitFor();
    await shot(page, '04-faults');
    const inject = t.lab.journal
      .read({ station: 'st2', types: ['fault'] })
      .map((e) => ({ e, p: FaultPayloadSchema.parse(e.payload) }))
      .find((x) => x.p.fault === 'F03' && x.p.action === 'inject')!;
    expect(inject.p).toMatchObject({ source: 'trainer', profile: { kind: 'ramp', duration_s: 120 } });
    expect(inject.e.actor?.user).toBe('trainer');
    await row.getByRole('button', { name: /^Supprimer F03-\d+$/ }).click();
    await row.waitFor({ state: 'detached' });
    const actions = t.lab.journal
      .read({ station: 'st2', types: ['fault'] })
      .map((e) => FaultPayloadSchema.parse(e.payload))
      .filter((p) => p.fault === 'F03')
      .map((p) => p.action);
    expect(actions).toEqual(['inject', 'clear']);
  });

  it('watches a station live, read-only, with a live trend', async () => {
    await nav('Suivi d’un poste');
    await page.getByLabel('Poste suivi').selectOption('st1');
    await page.getByText('En direct').first().waitFor();
    const cell = page.locator('td[data-key="imm.zone1.temp_actual"]');
    await cell.waitFor();
    expect(await cell.textContent()).toMatch(/^\d+,\d °C$/);
    const row = page.getByRole('row').filter({ has: page.locator('td[data-key="imm.zone1.temp_actual"]') });
    const label = (await row.getByRole('rowheader').textContent())!
      .replace('imm.zone1.temp_actual', '')
      .trim();
    await row.getByRole('button', { name: `Tracer ${label}` }).click();
    await row.getByRole('button', { name: `Retirer ${label} de la courbe` }).waitFor();
    await page.getByRole('img', { name: /^Courbe en direct de / }).waitFor();
    await page.waitForTimeout(1200);
    await shot(page, '05-watch');
  });

  it('shows the scores grid with justifications and cited entries, and journals an override with its comment', async () => {
    // the onsets pass, the candidates do nothing
    t.run(35 * MIN);
    await nav('Notes et exports');
    await page.getByLabel('Poste', { exact: true }).selectOption('st1');
    await page.getByRole('heading', { level: 2, name: /^.? ?Total : / }).waitFor();
    const grid = page.getByRole('table', { name: 'Critères' });
    await expect(grid.getByRole('rowheader').allTextContents()).resolves.toEqual([
      'Dérives identifiées et expliquées',
      'Paramètres conformes aux attendus',
      'Gestes professionnels en sécurité',
      'Analyse fiable et cohérente',
      'Investigation nécessaire et suffisante',
      'Recommandations pertinentes',
    ]);
    // a line of the grid, its justification and the journal entries it cites
    await page.getByText(/^Détail : Paramètres conformes aux attendus/).click();
    const refs = page.locator('#crit-parameters ul.refs li');
    await refs.first().waitFor();
    expect(await refs.first().textContent()).toMatch(/^n° \d+ · -?\d\d:\d\d · .+ · .+/);
    await page.getByText(/^Détail : Gestes professionnels en sécurité/).click();
    const form = page.getByRole('form', { name: 'Réviser « Gestes professionnels en sécurité »' });
    await form.getByLabel('Note retenue (%)').fill('40');
    await form.getByRole('button', { name: 'Enregistrer la révision' }).click();
    // the comment is mandatory
    await expect(t.lab.journal.read({ types: ['override'] })).toHaveLength(0);
    await form
      .getByLabel('Commentaire (obligatoire)')
      .fill('Consignation montrée oralement, constatée sur place.');
    await form.getByRole('button', { name: 'Enregistrer la révision' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: /^✓ Révision journalisée \(n° \d+\)\.$/ })
      .waitFor();
    const row = grid.getByRole('row').filter({ hasText: 'Gestes professionnels en sécurité' });
    await row
      .getByText(/40,0 %/)
      .first()
      .waitFor();
    await row.getByText(/par trainer \(n° \d+\) : Consignation montrée oralement/).waitFor();
    await shot(page, '06-scores-override');
    const [o] = t.lab.journal.read({ types: ['override'] });
    expect(o!.station).toBe('st1');
    expect(o!.actor).toMatchObject({ user: 'trainer', roles: ['trainer'] });
    expect(OverridePayloadSchema.parse(o!.payload)).toEqual({
      criterion: 'gestures',
      score: 0.4,
      comment: 'Consignation montrée oralement, constatée sur place.',
      exercise: F01,
    });
  });

  it('exports the group grid as CSV and the candidate’s report as PDF', async () => {
    const csv = await downloaded(page, () =>
      page.getByRole('button', { name: 'Grille du groupe (CSV)' }).click(),
    );
    expect(csv.name).toBe(`group-${F01}.csv`);
    const lines = csv.body.toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^"st1"/);
    expect(lines[2]).toMatch(/^"st2"/);
    const pdf = await downloaded(page, () =>
      page.getByRole('button', { name: 'Rapport du candidat (PDF)' }).click(),
    );
    expect(pdf.name).toBe(`st1-${F01}.pdf`);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('gives the jury the same screens, read-only', async () => {
    const jury = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    jury.on('pageerror', (e) => errors.push(e.message));
    await jury.goto(`${t.url}/trainer/`);
    await login(jury, 'jury', t.lab.credentials.account('jury')!.password);
    await jury.getByRole('heading', { level: 1, name: 'Vue du groupe' }).waitFor();
    await jury.getByText('Lecture seule').first().waitFor();
    const links = await jury.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Groupe', 'Session', 'Suivi d’un poste', 'Notes et exports']);
    await jury.getByRole('link', { name: 'Notes et exports' }).click();
    await jury.getByRole('heading', { level: 2, name: /Total : / }).waitFor();
    await jury.getByText(/^Détail : Gestes professionnels en sécurité/).click();
    await expect(jury.getByRole('button', { name: 'Enregistrer la révision' }).count()).resolves.toBe(0);
    await jury.getByRole('link', { name: 'Session' }).click();
    await jury.getByRole('heading', { level: 1, name: 'Démarrer ou arrêter une session' }).waitFor();
    await expect(jury.getByRole('button', { name: 'Démarrer l’exercice' }).count()).resolves.toBe(0);
    await expect(jury.getByRole('button', { name: 'Arrêter l’exercice' }).count()).resolves.toBe(0);
    await shot(jury, '07-jury-session');
    await jury.close();
  });

  it('switches to English, works with the keyboard, meets the contrast ratios and reflows at 200 %', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Scores, justifications and exports' }).waitFor();
    await page.getByRole('link', { name: 'Group', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Group overview' }).waitFor();
    await shot(page, '08-overview-en');
    // the skip link is the first stop, and leads to the main content
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Group overview' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // keyboard only: through the navigation to the session screen
    await page.getByRole('link', { name: 'Session', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Start or stop a session' }).waitFor();
    for (const name of ['Group', 'Session', 'Faults', 'Scores and exports']) {
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name, exact: true })
        .click();
      await page.waitForTimeout(400);
      expect(await contrastFailures(page), name).toEqual([]);
    }
    // text enlarged to 200 %: the page reflows, wide tables scroll inside their box
    for (const name of ['Group', 'Scores and exports']) {
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name, exact: true })
        .click();
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
      });
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at 200 %`).toBeLessThanOrEqual(1);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '';
      });
    }
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
