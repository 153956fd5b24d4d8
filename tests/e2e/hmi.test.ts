/**
 * The candidate HMI in a real browser (issue 6): Debian's Chromium through playwright-core against a lab
 * started in-process with the HMI test models (historian and MQTT adapters on), the HMI built once for
 * the suite. A candidate logs in, watches live values, opens faceplates, changes a set point (seen by an
 * MQTT client over WebSocket on the same HTTP port as socket.io, and on the REST values route), sees an
 * out-of-range value refused
 * with its reason, acknowledges an alarm, runs a lockout sequence (a step out of order refused), cites
 * trends as evidence, submits a diagnosis then a version 2, and switches French/English — while the
 * journal records every view, query and action with the candidate's identity. Keyboard navigation,
 * contrast, 200 % text and the bundle's integrity are checked too. Screenshots of every main screen go
 * to test-results/hmi/.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHmiOnce, contrastFailures, launchChromium, screenshot } from '../helpers/hmi-browser.ts';
import { type HmiLab, startHmiLab } from '../helpers/hmi-lab.ts';

describe('candidate HMI in Chromium', () => {
  let lab: HmiLab;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await buildHmiOnce();
    // MQTT on: its WebSocket shares the HTTP server with socket.io (/mqtt beside /socket.io/)
    lab = await startHmiLab({ stations: 2, tickMs: 100, config: { mqtt: { enabled: true, port: 0 } } });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  const journal = (types: ('view' | 'command' | 'diagnosis')[]) =>
    lab.running.lab.journal.read({ station: 'st1', types });
  const restValue = async (key: string) => {
    const token = await lab.candidate('st1');
    const r = await fetch(`${lab.url}/api/stations/st1/values?keys=${key}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await r.json()) as Record<string, { value: unknown }>)[key]!.value;
  };
  const go = async (name: RegExp | string) => {
    await page.getByRole('navigation', { name: 'Écrans' }).getByRole('link', { name }).click();
  };
  const heading = () => page.locator('h1#page-title');

  it('logs in with the station credentials, in French by default, refusing a wrong password', async () => {
    await page.goto(lab.url);
    await expect(heading().textContent()).resolves.toBe('Connexion au poste');
    const c = lab.running.lab.credentials.forStation('st1')!;
    await page.getByLabel('Identifiant').fill(c.user);
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' }).waitFor();
    await screenshot(page, '01-login');
    await page.getByLabel('Mot de passe').fill(c.password);
    await page.getByLabel('Technicien process').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vue d’ensemble de la cellule' }).waitFor();
    await page.getByText('En ligne').waitFor();
    const views = journal(['view']).map((v) => v.payload);
    expect(views).toContainEqual({ screen: 'access_level', target: 'technician' });
  });

  it('shows live values that change on screen, on the synoptic with its stack light', async () => {
    const cell = page.locator('[data-key="imm.zone1.temp_actual"] .num').first();
    const first = await cell.textContent();
    expect(first).toMatch(/^\d+,\d$/); // French decimal comma
    await page.waitForFunction(
      (before) => document.querySelector('[data-key="imm.zone1.temp_actual"] .num')?.textContent !== before,
      first,
      { timeout: 5000 },
    );
    await expect(
      page.getByRole('img', { name: 'Colonne lumineuse : Normal' }).count(),
    ).resolves.toBeGreaterThan(0);
    await screenshot(page, '02-overview');
  });

  it('opens faceplates built from the signal model, journaling each opening', async () => {
    await page.getByRole('link', { name: 'Presse à injecter' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Équipement — Presse à injecter' }).waitFor();
    const zones = page.getByRole('table', { name: 'Zones de chauffe' });
    await expect(zones.getByRole('rowheader').allTextContents()).resolves.toEqual([
      'Zone 1',
      'Zone 2',
      'Zone 3',
    ]);
    await expect(page.getByRole('table', { name: 'Injection' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '03-faceplate-imm');
    await page.getByRole('link', { name: 'Moule' }).click();
    await page.getByRole('table', { name: 'Circuits de refroidissement' }).waitFor();
    await screenshot(page, '03-faceplate-mould');
    const views = journal(['view']).map((v) => v.payload);
    expect(views).toContainEqual({ screen: 'faceplate', target: 'imm' });
    expect(views).toContainEqual({ screen: 'faceplate', target: 'mould' });
  });

  const openEditor = async (label: string) => {
    await page.getByRole('button', { name: `Modifier ${label}` }).click();
    await page.getByRole('dialog').waitFor();
  };

  it('changes a set point with a reason and a confirmation; the station has it, and MQTT shows it', async () => {
    const c = lab.running.lab.credentials.forStation('st1')!;
    const mqtt: MqttClient = await connectAsync(`${lab.url.replace('http', 'ws')}/mqtt`, {
      username: c.user,
      password: c.password,
      reconnectPeriod: 0,
    });
    const topic = 'plastlab/site1/moulding/line1/st1/imm/hold_pressure_sp';
    const seen: number[] = [];
    mqtt.on('message', (t, m) => {
      if (t === topic) seen.push((JSON.parse(m.toString()) as { value: number }).value);
    });
    await mqtt.subscribeAsync(topic);
    await go('Paramètres');
    await heading().filter({ hasText: 'Paramètres' }).waitFor();
    await openEditor('Pression de maintien');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nouvelle valeur').fill('52,5');
    await dialog.getByRole('button', { name: 'Vérifier' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Choisissez un motif.' }).waitFor();
    await dialog.getByLabel('Motif').selectOption('correction');
    await dialog.getByLabel('Commentaire').fill('recentrage du poids');
    await dialog.getByRole('button', { name: 'Vérifier' }).click();
    await dialog.getByText('52,5 MPa').waitFor();
    await screenshot(page, '04-parameters-confirm');
    await dialog.getByRole('button', { name: 'Confirmer la modification' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Pression de maintien : 52,5 MPa appliqué.' })
      .first()
      .waitFor();
    await expect(restValue('imm.hold_pressure_sp')).resolves.toBe(52.5);
    await expect.poll(() => seen.at(-1), { timeout: 5000 }).toBe(52.5);
    expect(seen[0]).toBe(45); // the retained state before the change
    await mqtt.endAsync();
    const cmd = journal(['command']).find((e) => (e.payload as { applied?: number }).applied === 52.5)!;
    expect(cmd.actor).toMatchObject({ user: 'st1', channel: 'hmi' });
    expect(cmd.payload).toMatchObject({ previous: 45, input: { reason: 'correction: recentrage du poids' } });
    await screenshot(page, '04-parameters');
  });

  it('refuses an out-of-range value and shows the reason the station gave', async () => {
    await openEditor('Pression de maintien');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nouvelle valeur').fill('500');
    await dialog.getByLabel('Motif').selectOption('test');
    await dialog.getByRole('button', { name: 'Vérifier' }).click();
    await dialog.getByText('hors de la plage').waitFor();
    await dialog.getByRole('button', { name: 'Confirmer la modification' }).click();
    const refusal = dialog.locator('.refusal');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(
      'imm.hold_pressure_sp: 500 MPa is above the maximum 80 MPa',
    );
    await screenshot(page, '05-parameters-refused');
    await dialog.getByRole('button', { name: 'Annuler' }).first().click();
    await expect(restValue('imm.hold_pressure_sp')).resolves.toBe(52.5);
  });

  it('lists the change in the logbook: who, when, old, new, channel, reason', async () => {
    await go('Journal des modifications');
    const row = page.getByRole('row').filter({ hasText: 'imm.hold_pressure_sp' });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? '';
    for (const part of ['st1', 'IHM', '45,0 MPa', '52,5 MPa', 'correction: recentrage du poids'])
      expect(text).toContain(part);
    await screenshot(page, '06-logbook');
  });

  it('narrows writes to the operator level when it is selected', async () => {
    await page.getByLabel('Niveau d’accès').selectOption('operator');
    await go('Paramètres');
    const row = page.getByRole('row').filter({ hasText: 'imm.hold_pressure_sp' });
    await row.getByText('Niveau « Technicien process » requis').waitFor();
    await expect(page.getByRole('button', { name: 'Modifier Consigne départ' }).isEnabled()).resolves.toBe(
      true,
    );
    await page.getByLabel('Niveau d’accès').selectOption('technician');
    await page.getByRole('button', { name: 'Modifier Pression de maintien' }).waitFor();
    const levels = journal(['view'])
      .map((v) => v.payload as { screen: string; target?: string })
      .filter((p) => p.screen === 'access_level')
      .map((p) => p.target);
    expect(levels).toEqual(['technician', 'operator', 'technician']);
  });

  it('raises an alarm in the banner and acknowledges it', async () => {
    const tk = await lab.candidate('st1');
    await fetch(`${lab.url}/api/stations/st1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tk}` },
      body: JSON.stringify({ kind: 'write', signal: 'imm.zone3.temp_sp', value: 280, reason: 'test' }),
    });
    await page.getByText('Alarmes actives : 1, non acquittées : 1').waitFor({ timeout: 15_000 });
    await go(/Alarmes et événements/);
    const row = page.getByRole('row').filter({ hasText: 'ZONE3_DEV' });
    await row.getByText('Active, non acquittée').waitFor();
    await screenshot(page, '07-alarms');
    await row.getByRole('button', { name: 'Acquitter ZONE3_DEV' }).click();
    await row.getByText('Active, acquittée').waitFor();
    expect(journal(['command']).map((e) => e.payload)).toContainEqual(
      expect.objectContaining({
        status: 'accepted',
        input: expect.objectContaining({ action: 'alarm.ack' }),
      }),
    );
  });

  const stepState = (step: string) =>
    page.getByRole('listitem').filter({ hasText: step }).first().locator('.step-state');
  /** Perform a gesture (filling its form when it has one) and wait for the station's answer. */
  const perform = async (step: string, fill?: (d: ReturnType<Page['getByRole']>) => Promise<void>) => {
    const before = await stepState(step).getAttribute('data-at');
    await page
      .getByRole('button', { name: `Exécuter : ${step}` })
      .first()
      .click();
    if (fill) {
      const d = page.getByRole('dialog');
      await d.waitFor();
      await fill(d);
      await d.getByRole('button', { name: 'Exécuter' }).click();
    }
    await expect.poll(() => stepState(step).getAttribute('data-at'), { timeout: 5000 }).not.toBe(before);
  };

  it('runs a lockout sequence: a step out of order is refused with its reason, then apply and remove', async () => {
    await go('Gestes de sécurité');
    await page.getByRole('heading', { name: 'Consignation (condamnation)' }).waitFor();
    await perform('Séparer : sectionneur général');
    await expect(stepState('Séparer : sectionneur général').textContent()).resolves.toContain(
      'Refusé : act.isolate_main: identify the energies first',
    );
    await perform('Identifier les énergies', async (d) => {
      await d.getByLabel('Électrique').check();
      await d.getByLabel('Hydraulique').check();
    });
    await expect(stepState('Identifier les énergies').textContent()).resolves.toContain(
      'stop the machine in manual mode first',
    );
    await screenshot(page, '08-safety-refused');
    await perform('Passer en semi-automatique');
    await perform('Passer en manuel');
    await stepState('Passer en manuel').filter({ hasText: 'fait à' }).waitFor();
    await perform('Identifier les énergies', async (d) => {
      await d.getByLabel('Électrique').check();
    });
    await perform('Séparer : sectionneur général');
    await perform('Condamner (cadenas)', (d) => d.getByLabel('Cadenas').fill('P-07'));
    await perform('Identifier (étiquette)', async (d) => {
      await d.getByLabel('Nom').fill('Candidat st1');
      await d.getByLabel('Motif').fill('remplacement collier Z2');
    });
    await perform('Dissiper les énergies', (d) => d.getByLabel('Décharge de l’accumulateur').check());
    await perform('Vérifier l’absence d’énergie', (d) => d.getByLabel('Essai de démarrage').check());
    await stepState('Vérifier l’absence d’énergie').filter({ hasText: 'fait à' }).waitFor();
    await expect(restValue('safety.loto_step')).resolves.toBe(6);
    await perform('Mesure de diagnostic', async (d) => {
      await d.getByLabel('Cible').selectOption('z2_heater');
      await d.getByLabel('Mesure').selectOption('resistance');
    });
    await stepState('Mesure de diagnostic').filter({ hasText: '64' }).waitFor();
    await screenshot(page, '08-safety-locked-out');
    for (const s of [
      'Outils retirés',
      'Protecteurs remontés',
      'Zone dégagée',
      'Déconsigner (retirer le cadenas)',
    ]) {
      await perform(s);
      await stepState(s).filter({ hasText: 'fait à' }).waitFor();
    }
    await expect(restValue('safety.loto_step')).resolves.toBe(0);
    const actions = journal(['command'])
      .map((e) => e.payload as { status: string; input: { kind: string; action?: string } })
      .filter((p) => p.input.kind === 'action' && p.input.action?.startsWith('act.'));
    expect(actions.filter((a) => a.status === 'accepted').map((a) => a.input.action)).toEqual([
      'act.mode_semi',
      'act.mode_manual',
      'act.loto_identify',
      'act.isolate_main',
      'act.lock',
      'act.tag',
      'act.dissipate',
      'act.verify',
      'act.diag',
      'act.tools_removed',
      'act.guards_refitted',
      'act.area_clear',
      'act.unlock',
    ]);
    expect(actions.filter((a) => a.status === 'rejected').map((a) => a.input.action)).toEqual([
      'act.isolate_main',
      'act.loto_identify',
    ]);
    await screenshot(page, '08-safety');
  });

  it('plots trends, journals the query, and cites them as evidence', async () => {
    await go('Courbes');
    await page.getByLabel('Zone 2 température (°C)').check();
    await page.getByLabel('Zone 2 puissance (%)').check();
    await page.locator('.chart canvas').first().waitFor();
    await page.getByRole('button', { name: '5 min', exact: true }).click();
    await page.waitForTimeout(1200);
    const summary = page.getByRole('table', { name: /Résumé du/ });
    await summary
      .getByRole('row')
      .filter({ hasText: 'Zone 2 température' })
      .getByText(/°C/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Citer comme preuve' }).click();
    await page.getByText('Preuves ajoutées au diagnostic : 2').waitFor();
    await screenshot(page, '09-trends');
    const v = journal(['view'])
      .map((x) => x.payload as { screen: string; signals?: string[] })
      .filter((p) => p.screen === 'trends' && p.signals?.length === 2);
    expect(v.at(-1)!.signals).toEqual(['imm.zone2.temp_actual', 'imm.zone2.output_pct']);
    await go('Cycles et pression empreinte');
    await page.getByRole('heading', { name: 'Valeurs par cycle' }).waitFor();
    await screenshot(page, '10-shots');
  });

  it('submits a diagnosis that locks, then a resubmission as version 2', async () => {
    await go('Diagnostic');
    await page.getByRole('heading', { level: 1, name: 'Diagnostic' }).waitFor();
    await page.getByLabel('Référence').first().waitFor();
    await expect(page.getByLabel('Référence').count()).resolves.toBe(2); // the two cited trends
    await page.getByLabel('Écart de température').check();
    await page.getByLabel('Temps de dosage en hausse').check();
    await page.getByLabel('Équipement', { exact: true }).selectOption({ label: 'Fourreau et chauffage' });
    await page.getByLabel('Composant').selectOption({ label: 'Collier chauffant Z2' });
    await page.getByLabel('Mode de défaillance').selectOption({ label: 'Collier ouvert (coupé, grillé)' });
    await page.getByText('Machine / matériel').waitFor();
    await page
      .getByLabel(/Explication du mécanisme/)
      .fill('Sortie Z2 saturée à 100 % alors que la température chute.');
    await page
      .getByLabel(/Actions correctives/)
      .fill('Consigner, remplacer le collier Z2, purger, redémarrer.');
    await screenshot(page, '11-diagnosis-form');
    await page.getByRole('button', { name: 'Soumettre le diagnostic' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Soumettre' }).click();
    await page.getByRole('heading', { name: /Version 1 soumise et verrouillée/ }).waitFor();
    await screenshot(page, '11-diagnosis-locked');
    await page.getByRole('button', { name: 'Soumettre une nouvelle version (2)' }).click();
    await page.getByLabel(/Actions préventives/).fill('Contrôle hebdomadaire des courants de chauffe.');
    await page.getByRole('button', { name: 'Soumettre la version 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Soumettre' }).click();
    await page.getByRole('heading', { name: /Version 2 soumise et verrouillée/ }).waitFor();
    const d = journal(['diagnosis']);
    expect(d.map((e) => (e.payload as { version: number }).version)).toEqual([1, 2]);
    expect(d[0]!.payload).toMatchObject({
      family: 'machine',
      diagnosis: {
        rootCause: { equipment: 'barrel', component: 'z2_heater', failureMode: 'open_circuit' },
        symptoms: ['temperature_deviation', 'dosing_time_up'],
        evidence: [
          expect.objectContaining({ kind: 'signal', ref: 'imm.zone2.temp_actual' }),
          expect.objectContaining({ kind: 'signal', ref: 'imm.zone2.output_pct' }),
        ],
      },
    });
    expect(d[1]!.payload).toMatchObject({
      supersedes: 1,
      diagnosis: { preventive: 'Contrôle hebdomadaire des courants de chauffe.' },
    });
    expect(d[1]!.actor).toMatchObject({ user: 'st1', channel: 'hmi' });
  });

  it('switches to English and back everywhere, numbers in the locale', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Diagnosis' }).waitFor();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cell overview' }).waitFor();
    await expect(
      page.locator('[data-key="imm.zone1.temp_actual"] .num').first().textContent(),
    ).resolves.toMatch(/^\d+\.\d$/);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await screenshot(page, '12-overview-en');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vue d’ensemble de la cellule' }).waitFor();
  });

  it('journals every screen looked at with the candidate identity', () => {
    const views = journal(['view']);
    const screens = new Set(views.map((v) => (v.payload as { screen: string }).screen));
    for (const s of [
      'overview',
      'faceplate',
      'parameters',
      'logbook',
      'alarms',
      'safety',
      'trends',
      'shots',
      'diagnosis',
    ]) {
      expect(screens.has(s), s).toBe(true);
    }
    // screens from the socket (channel hmi); trend, shot and curve queries from the historian route (rest)
    for (const v of views)
      expect(v.actor).toMatchObject({ user: 'st1', channel: expect.stringMatching(/^(hmi|rest)$/) });
    const rest = views
      .filter((v) => v.actor?.channel === 'rest')
      .map((v) => v.payload as { view?: string; signals?: string[] });
    expect(rest).toContainEqual(
      expect.objectContaining({ view: 'trend', signals: ['imm.zone2.temp_actual', 'imm.zone2.output_pct'] }),
    );
  });

  it('is keyboard-navigable: skip link, navigation, activation', async () => {
    await page.goto(`${lab.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Vue d’ensemble de la cellule' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    // from the header controls, Tab reaches the navigation; Enter on a link opens its screen
    await page.getByRole('link', { name: 'Journal des modifications' }).focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Paramètres');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('page-title');
    // a dialog opens with the keyboard, traps focus and closes with Escape, focus back on its opener
    await page.getByRole('button', { name: 'Modifier Consigne départ' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('param-value');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain('Modifier');
  });

  it('meets WCAG AA text contrast and reflows text enlarged to 200 %', async () => {
    for (const [path, name] of [
      ['/', 'overview'],
      ['/faceplates/imm', 'faceplate'],
      ['/parameters', 'parameters'],
      ['/safety', 'safety'],
      ['/alarms', 'alarms'],
      ['/diagnosis', 'diagnosis'],
      ['/trends', 'trends'],
    ] as const) {
      await page.goto(`${lab.url}${path}`);
      await heading().waitFor();
      await page.waitForTimeout(300);
      expect(await contrastFailures(page), name).toEqual([]);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
      });
      await page.waitForTimeout(100);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at 200 %`).toBeLessThanOrEqual(1);
      if (name === 'overview' || name === 'safety') await screenshot(page, `13-${name}-200pct`);
    }
  });

  it('ships no source map, no trainer UI and no fault catalogue, and serves none', async () => {
    const html = await (await fetch(`${lab.url}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const a of assets) {
      const r = await fetch(`${lab.url}${a}`);
      expect(r.status).toBe(200);
      const body = await r.text();
      // no source map, no trainer UI or endpoint, no fault catalogue (ids F01–F25), no canary token
      const hit = body.match(
        /sourceMappingURL|\btrainer\b|\bfaults\b|fault_?(id|catalog|inject)|\bF(0[1-9]|1\d|2[0-5])\b|\/api\/(faults|scoring|trainer)|CANARY/i,
      );
      expect(hit?.[0], a).toBeUndefined();
      expect((await fetch(`${lab.url}${a}.map`)).status).toBe(404);
    }
    expect((await fetch(`${lab.url}/index.html.map`)).status).toBe(404);
    const page404 = await fetch(`${lab.url}/api/nothing-here`);
    expect(page404.status).toBe(404);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
