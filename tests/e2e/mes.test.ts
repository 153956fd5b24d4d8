/**
 * The MES, SPC and GMAO screens in a real browser (issues 6 and 9): Debian's Chromium through
 * playwright-core against a lab whose station st1 runs the real cell (ABS) with its MES/ERP/GMAO and the
 * fault engine. In virtual time the trainer loads an out-of-spec lot X (as the stores), the dryer's
 * regeneration fails (F06, by the fault engine), and the candidate stops the machine in MANUAL for
 * 12 minutes; then the lab runs in real time and the candidate, from the screens only:
 * - finds which boxes contain parts moulded with lot X after the dryer alarm (checked against the MES
 *   records), and traces a part back to its lot and certificate;
 * - reads why OEE dropped in the hour of the stop;
 * - qualifies the stop with a standstill reason, which the MES then holds;
 * - quarantines the parts since the alarm, then releases them;
 * - sets SPC limits on a stable period and sees a rule violation marked with its rule's name, for the
 *   rule set they chose;
 * - opens a work order and moves it through its workflow, an invalid transition refused with its reason;
 * - switches French/English.
 * Every screen and action is journaled with the candidate's identity; nothing of the trainer side or of
 * station st2 reaches the page. Screenshots go to test-results/hmi/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHmiOnce, contrastFailures, launchChromium, screenshot } from '../helpers/hmi-browser.ts';
import { candidateActor, type MesHmiLab, MIN, startMesHmiLab, trainerActor } from '../helpers/hmi-mes.ts';

const LOT_X = 'L-ABS-2412-002';
type CommandPayload = { status: string; input: { action?: string } };
const ALARM = 'dryer/DEW_POINT_HIGH';

describe('MES, SPC and GMAO screens in Chromium', () => {
  let L: MesHmiLab;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** every API answer and socket frame the page received, for the hidden-truth scan */
  const received: { url: string; text: string }[] = [];

  beforeAll(async () => {
    await buildHmiOnce();
    L = await startMesHmiLab();
    const ok = (r: { status: string; rejection?: { message: string } }) =>
      expect(r.status, r.rejection?.message).toBe('accepted');
    L.ff(40 * MIN);
    // the stores load lot X (its CoA MFI is out of specification); the trainer acts as the plant
    ok(
      await L.submit('st1', trainerActor, {
        kind: 'action',
        action: 'mes.lot_change',
        args: { lot: LOT_X, performedBy: 'magasin' },
      }),
    );
    // canaries on the other station
    ok(
      await L.submit('st2', trainerActor, {
        kind: 'action',
        action: 'mes.set_message',
        args: { message: 'CANARY-ST2-MESSAGE' },
      }),
    );
    ok(
      await L.submit('st2', trainerActor, {
        kind: 'action',
        action: 'mes.lot_change',
        args: { lot: 'CANARY-LOT-ST2', performedBy: 'magasin' },
      }),
    );
    L.ff(10 * MIN);
    ok(
      await L.submit('st1', trainerActor, { kind: 'action', action: 'fault.inject', args: { fault: 'F06' } }),
    );
    L.ff(30 * MIN);
    const mode = (value: string) =>
      L.submit('st1', candidateActor('st1'), { kind: 'write', signal: 'imm.mode', value, reason: 'inspect' });
    ok(await mode('MANUAL'));
    L.ff(12 * MIN);
    ok(await mode('AUTOMATIC'));
    L.ff(28 * MIN);
    L.live();

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', async (r) => {
      if (!r.url().includes('/api/')) return;
      try {
        received.push({ url: r.url(), text: await r.text() });
      } catch {
        // a body that is gone (redirect, aborted)
      }
    });
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) =>
        received.push({
          url: ws.url(),
          text: typeof f.payload === 'string' ? f.payload : f.payload.toString(),
        }),
      ),
    );
    const c = L.running.lab.credentials.forStation('st1')!;
    await page.goto(L.url);
    await page.getByLabel('Identifiant').fill(c.user);
    await page.getByLabel('Mot de passe').fill(c.password);
    await page.getByLabel('Technicien process').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vue d’ensemble de la cellule' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await L?.close();
  });

  const journal = (types: ('view' | 'command')[]) => L.running.lab.journal.read({ station: 'st1', types });
  const heading = () => page.locator('h1#page-title');
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Écrans' }).getByRole('link', { name, exact: true }).click();
  const tab = (name: string) =>
    page
      .getByRole('navigation', { name: /Écrans du MES|Écrans de la GMAO/ })
      .getByRole('link', { name })
      .click();
  const done = (text: string | RegExp) =>
    page.locator('.outcome.done').filter({ hasText: text }).first().waitFor();
  const refused = (text: string) =>
    page.locator('.outcome.refused').filter({ hasText: text }).first().waitFor();

  it('shows the active order: EUROMAP 77 job, counts per cavity, scrap by defect class, dispatch', async () => {
    await nav('MES — production');
    await heading().filter({ hasText: 'MES — Ordre en cours' }).waitFor();
    await page.getByText('MO-24017', { exact: true }).first().waitFor();
    await page.locator('.badge-state').filter({ hasText: 'En production' }).first().waitFor();
    const cav = page.getByRole('table', { name: 'Pièces du job par empreinte' });
    await expect(cav.getByRole('rowheader').allTextContents()).resolves.toEqual([
      'Empreinte 1',
      'Empreinte 2',
    ]);
    const scrap = page.getByRole('table', { name: 'Pareto des rebuts par classe de défaut' });
    await scrap.getByRole('row').filter({ hasText: 'Traînées' }).waitFor();
    // the machine's counters against the MES's
    await page
      .getByRole('row')
      .filter({ hasText: 'Cycles' })
      .filter({ hasText: 'identiques' })
      .first()
      .waitFor();
    await page
      .getByRole('table', { name: 'Ordres planifiés ou lancés' })
      .getByRole('rowheader', { name: 'MO-24018' })
      .waitFor();
    await screenshot(page, 'mes-01-order');
  });

  it('finds which boxes contain parts moulded with lot X after the dryer alarm, and traces a part', async () => {
    await tab('Traçabilité');
    await heading().filter({ hasText: 'MES — Traçabilité' }).waitFor();
    await page.getByLabel('Lot matière', { exact: true }).selectOption(LOT_X);
    await page.getByLabel('Alarme', { exact: true }).selectOption(ALARM);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    const table = page.locator('table#boxes-result');
    await table.waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `après l’alarme ${ALARM}` })
      .waitFor();
    await page.locator('#boxes-answer').getByText('hors spécification').first().waitFor();
    await page
      .locator('#boxes-answer')
      .getByText(/RecyClass/)
      .first()
      .waitFor();
    const rows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        box: tr.querySelector('th')?.textContent?.trim() ?? '',
        shots: tr.querySelectorAll('td')[6]?.textContent ?? '',
      })),
    );
    expect(rows.length).toBeGreaterThan(0);
    // the same answer from the MES records: parts of shots after the alarm's (last) activation, with lot X
    const mes = L.mes('st1');
    const alarmT = [...mes.s.alarmLog]
      .reverse()
      .find((a) => `${a.equipment}/${a.code}` === ALARM && a.state === 'active')!.t;
    const lastShot = Math.max(...rows.map((r) => Number(r.shots.split('→')[1])));
    const expected = new Set<string>();
    for (const row of mes.s.shots) {
      if (row.te < alarmT || row.id > lastShot || (row.lot !== LOT_X && row.lotPrev !== LOT_X)) continue;
      for (const p of row.cav) if (p.box) expected.add(p.box);
    }
    expect(new Set(rows.map((r) => r.box))).toEqual(expected);
    expect(rows.map((r) => r.box)).not.toContain('MO-24017-B001');
    await screenshot(page, 'mes-02-genealogy-boxes');
    // a box of the answer, then a part of it back to its lot and certificate
    await table.getByRole('button', { name: rows[0]!.box }).click();
    await page.locator('#trace-result').getByText(`${rows[0]!.box} — MO-24017`).waitFor();
    const shot = mes.s.shots.find((r) => r.te >= alarmT && r.cav.some((p) => p.box === rows[0]!.box))!;
    const part = `${shot.id}-${shot.cav.find((p) => p.box === rows[0]!.box)!.k}`;
    await page.getByLabel('Point de départ').selectOption('part');
    await page.getByLabel('Identifiant', { exact: true }).fill(part);
    await page.getByRole('button', { name: 'Tracer', exact: true }).click();
    const chain = page.getByRole('list', { name: 'Chaîne de traçabilité' });
    await chain.getByText(`Pièce ${part}`).waitFor();
    await chain.getByRole('button', { name: LOT_X }).waitFor();
    await chain.getByText(/RecyClass RCS-ABS-2290 : 30 % recyclé/).waitFor();
    await chain.getByText(/Lumière Habitat SAS/).waitFor();
    await screenshot(page, 'mes-02-genealogy-part');
    const views = journal(['view']).filter((e) => e.actor?.channel === 'rest');
    expect(views.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ view: 'mes.genealogy.boxes', lot: LOT_X, afterAlarm: ALARM }),
    );
    expect(views.map((e) => e.payload)).toContainEqual({ view: 'mes.genealogy.part', part });
    // on to the quarantine decision with the same selection
    await page.getByRole('button', { name: 'Mettre ces pièces en quarantaine…' }).click();
    await heading().filter({ hasText: 'MES — Quarantaine' }).waitFor();
  });

  it('quarantines the parts moulded with lot X since the alarm, then releases them', async () => {
    // the selection of the genealogy answer (the alarm is chosen once the alarm log has loaded)
    await expect.poll(() => page.getByLabel('Alarme', { exact: true }).inputValue()).toBe(ALARM);
    await expect(page.getByLabel('Seulement le lot matière (facultatif)').inputValue()).resolves.toBe(LOT_X);
    await page.getByRole('button', { name: 'Mettre en quarantaine' }).click();
    await page.getByRole('alert').filter({ hasText: 'Donnez un motif.' }).waitFor();
    await page.getByLabel(/^Motif/).fill('matière humide, contrôle des pièces');
    await page.getByRole('button', { name: 'Mettre en quarantaine' }).click();
    await done(/Décision n° 1 : \d+ pièce\(s\) en quarantaine/);
    const text = (await page.locator('.outcome.done').first().textContent()) ?? '';
    const held = Number(/: (\d+) pièce/.exec(text)![1]);
    expect(held).toBeGreaterThan(0);
    const tok = await L.token('st1');
    const q1 = (await L.get(tok, '/api/stations/st1/mes/quarantine')).body;
    expect(q1.heldParts).toBe(held);
    // the server keeps the alarm's activation time as the start of the selection
    const alarmT = [...L.mes('st1').s.alarmLog]
      .reverse()
      .find((a) => `${a.equipment}/${a.code}` === ALARM && a.state === 'active')!.t;
    expect(q1.decisions[0]).toMatchObject({
      id: 1,
      kind: 'quarantine',
      by: 'st1',
      reason: 'matière humide, contrôle des pièces',
      selector: { from: alarmT, lot: LOT_X },
    });
    const decisions = page.getByRole('table', { name: /Décisions, de la plus récente/ });
    await decisions.getByRole('row').filter({ hasText: 'Quarantaine' }).waitFor();
    await page.getByRole('table', { name: 'Cartons contenant des pièces en quarantaine' }).waitFor();
    await screenshot(page, 'mes-05-quarantine');
    await decisions.getByRole('button', { name: 'Libérer décision n° 1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Motif/).fill('contrôle dimensionnel conforme');
    await dialog.getByRole('button', { name: 'Libérer' }).click();
    await done('Pièces de la décision n° 1 libérées.');
    const q2 = (await L.get(tok, '/api/stations/st1/mes/quarantine')).body;
    expect(q2.heldParts).toBe(0);
    expect(q2.decisions.map((d: { kind: string }) => d.kind)).toEqual(['quarantine', 'release']);
    const cmds = journal(['command']).map((e) => ({ actor: e.actor, p: e.payload as CommandPayload }));
    expect(cmds).toContainEqual(
      expect.objectContaining({
        actor: expect.objectContaining({ user: 'st1', channel: 'hmi' }),
        p: expect.objectContaining({
          status: 'accepted',
          input: expect.objectContaining({ action: 'mes.quarantine' }),
        }),
      }),
    );
  });

  it('explains why OEE dropped in the hour of the stop', async () => {
    await tab('TRS');
    await heading().filter({ hasText: 'MES — TRS' }).waitFor();
    await page.getByLabel('Découpage').selectOption('session');
    await page.getByLabel('Depuis le début de la session').check();
    const table = page.getByRole('table', { name: 'TRS par heure' });
    await table.locator('tbody tr').nth(1).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await table
      .getByRole('button', { name: /Pourquoi/ })
      .nth(1)
      .click();
    const why = page.locator('#mes-why');
    await why.waitFor();
    await why.locator('.why-main').filter({ hasText: 'Facteur le plus dégradé : Qualité.' }).waitFor();
    const causes = page.getByRole('table', { name: 'Causes classées par temps perdu' });
    await causes.getByRole('row').filter({ hasText: 'Passage en manuel / réglage' }).waitFor();
    await causes.getByRole('row').filter({ hasText: 'Traînées' }).waitFor();
    await why.getByRole('listitem').filter({ hasText: 'mode MANUAL' }).waitFor();
    await why.getByRole('listitem').filter({ hasText: 'Manuel' }).first().waitFor();
    // the time categories of the hour and its losses
    await page.getByRole('list', { name: 'Temps NF E60-182' }).getByText('Tf').waitFor();
    // the numbers are the API's
    const tok = await L.token('st1');
    const api = (await L.get(tok, `/api/stations/st1/mes/oee/why?at=t:${90 * MIN}&align=session`)).body;
    const summary = (await why.locator('.summary').textContent()) ?? '';
    expect(summary).toBe(api.summary.fr.replace(/(\d)\.(\d)/g, '$1,$2'));
    expect(api.causes.map((c: { cause: string }) => c.cause)).toContain('MODE_CHANGE');
    await screenshot(page, 'mes-03-oee-why');
    await why.getByRole('button', { name: 'Citer comme preuve' }).click();
    await page.getByText('Preuves ajoutées au diagnostic : 1').waitFor();
    const views = journal(['view']).map((e) => e.payload as { view?: string; align?: string });
    expect(views).toContainEqual(expect.objectContaining({ view: 'mes.oee_why', align: 'session' }));
  });

  it('records a standstill reason entered on screen in the MES', async () => {
    await tab('Arrêts');
    await heading().filter({ hasText: 'MES — Arrêts' }).waitFor();
    const row = page.locator('tr[data-stop="1"]');
    await row.getByText('Passage en manuel / réglage').waitFor();
    await row.getByText('motif automatique').waitFor();
    await row.getByRole('button', { name: 'Qualifier arrêt n° 1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Enregistrer le motif' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Choisissez un motif d’arrêt.' }).waitFor();
    await dialog.getByLabel('Motif d’arrêt').selectOption('35');
    await dialog.getByLabel('Commentaire').fill('tri des pièces humides');
    await dialog.getByRole('button', { name: 'Enregistrer le motif' }).click();
    await done('Motif enregistré pour l’arrêt n° 1.');
    await row.getByText('Problème qualité').waitFor();
    await row.getByText('motif opérateur').waitFor();
    const tok = await L.token('st1');
    const stop = (await L.get(tok, '/api/stations/st1/mes/downtime?from=t:0')).body.stops.find(
      (s: { id: number }) => s.id === 1,
    );
    expect(stop).toMatchObject({
      reasonId: 35,
      reason: 'QUALITY_PROBLEM',
      reasonSource: 'operator',
      comment: 'tri des pièces humides',
      by: 'st1',
      evidence: 'mode MANUAL',
    });
    await screenshot(page, 'mes-04-downtime');
  });

  it('sets SPC limits on a stable period and marks rule violations with their name, for the chosen rules', async () => {
    await nav('MSP (SPC)');
    await heading().filter({ hasText: 'Maîtrise statistique des procédés' }).waitFor();
    await page.getByLabel('Variable').selectOption('cushion');
    await page.getByLabel('Carte', { exact: true }).selectOption('imr');
    await page.getByLabel('Période').selectOption('0');
    await page.locator('#spc-provisional').waitFor();
    await page.getByLabel('Du cycle').fill('1');
    await page.getByLabel('Au cycle').fill('80');
    await page.getByRole('button', { name: 'Fixer les limites' }).click();
    await done('Limites fixées sur les cycles 1 à 80.');
    await page.locator('#spc-reference').filter({ hasText: 'cycles 1 à 80' }).waitFor();
    const violations = page.locator('table#spc-violations');
    await violations.waitFor();
    const rows = async () =>
      (await violations.locator('tbody tr').allTextContents()).map((x) => x.replace(/\s+/g, ' ').trim());
    const we1 = (await rows()).filter((r) => r.includes('▲ WE1 — 1 point au-delà de 3σ'));
    expect(we1.length).toBeGreaterThan(0);
    expect(we1.some((r) => Number(/^(\d+)/.exec(r)![1]) > 100)).toBe(true);
    expect((await rows()).every((r) => /▲ (WE[1-4]|MR) — /.test(r))).toBe(true);
    await expect(page.locator('.chart canvas').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(
      page
        .getByRole('img', { name: /Carte de contrôle de Matelas : \d+ points, [1-9]\d* violation/ })
        .count(),
    ).resolves.toBe(1);
    await screenshot(page, 'spc-01-cushion-we');
    // the candidate chooses the Nelson rules: the marks follow
    await page.getByRole('button', { name: 'Nelson seules' }).click();
    await expect
      .poll(async () =>
        (await rows()).some((r) => r.includes('▲ N1 — One point') || r.includes('▲ N1 — 1 point')),
      )
      .toBe(true);
    expect((await rows()).some((r) => /▲ WE/.test(r))).toBe(false);
    await screenshot(page, 'spc-02-cushion-nelson');
    // capability of the part weight with its band
    await page.getByLabel('Variable').selectOption('weight');
    await page.getByLabel('Carte', { exact: true }).selectOption('xbar_r');
    await page
      .locator('#spc-verdict')
      .filter({ hasText: /Capable/ })
      .waitFor();
    await page
      .getByRole('list', { name: 'Bandes d’interprétation du Cpk' })
      .getByText(/situation actuelle/)
      .waitFor();
    await screenshot(page, 'spc-03-weight-capability');
    // the operator level may not set limits: said beside the button, which is disabled
    await page.getByLabel('Niveau d’accès').selectOption('operator');
    await page.locator('#spc-limits-form').getByText('Niveau « Technicien process » requis').waitFor();
    await expect(page.getByRole('button', { name: 'Fixer les limites' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Niveau d’accès').selectOption('technician');
    await expect.poll(() => page.getByRole('button', { name: 'Fixer les limites' }).isDisabled()).toBe(false);
    await page.getByRole('status').filter({ hasText: 'En ligne' }).waitFor();
    const views = journal(['view']).map((e) => e.payload as { screen?: string; target?: string });
    expect(views).toContainEqual({ screen: 'spc', target: 'cushion:imr' });
    expect(views).toContainEqual({ screen: 'spc', target: 'weight.1:xbar_r' });
    const chart = L.mes('st1').s.spc['cushion:imr']!;
    expect(chart).toMatchObject({ by: 'st1', ref: { fromShot: 1, toShot: 80 } });
  });

  it('opens a work order and follows it through its workflow; a refused transition shows the reason', async () => {
    await nav('GMAO — maintenance');
    await heading().filter({ hasText: 'GMAO — Ordres de travail' }).waitFor();
    await page.getByLabel(/^Équipement/).selectOption('dryer');
    await page.getByLabel('Priorité').selectOption('high');
    await page.getByLabel(/^Symptôme constaté/).fill('Point de rosée du dessiccateur trop élevé');
    await page.getByLabel(/L’équipement est en panne/).check();
    await page.getByRole('button', { name: 'Ouvrir l’ordre de travail' }).click();
    await done(/Ordre de travail WO-\d+ ouvert\./);
    const id = /WO-\d+/.exec((await page.locator('.outcome.done').first().textContent()) ?? '')![0];
    const detail = page.locator('#wo-detail');
    await detail
      .getByRole('heading', { name: `${id} — Point de rosée du dessiccateur trop élevé` })
      .waitFor();
    await detail.locator('#wo-next').filter({ hasText: 'Affecté, Annulé' }).waitFor();
    // a transition outside the workflow: refused with the station's reason
    await detail.getByLabel('Demander un autre état').selectOption('done');
    await detail.getByRole('button', { name: 'Demander', exact: true }).click();
    await refused('open → done is not allowed (from open: assigned, cancelled)');
    await screenshot(page, 'gmao-01-refused');
    // assigned needs an assignee
    await detail.getByRole('button', { name: 'Passer à « Affecté »' }).click();
    await refused('give an assignee');
    await detail.getByLabel('Intervenant').fill('Technicien maintenance');
    await detail.getByRole('button', { name: 'Passer à « Affecté »' }).click();
    await done(`${id} : Affecté.`);
    await detail.getByRole('button', { name: 'Passer à « En cours »' }).click();
    await done(`${id} : En cours.`);
    await detail.getByLabel('Pièce', { exact: true }).selectOption('SP-DES-25');
    await detail.getByRole('button', { name: 'Imputer' }).first().click();
    await done('1 × SP-DES-25 imputé(s).');
    await detail.getByRole('button', { name: 'Passer à « Réalisé »' }).click();
    await refused('book the labour time first');
    await detail.getByLabel('Heures').fill('1,5');
    await detail.getByRole('button', { name: 'Imputer' }).nth(1).click();
    await done('1,50 h imputée(s).');
    await detail.getByRole('button', { name: 'Passer à « Réalisé »' }).click();
    await refused('describe the remedy first');
    await detail.getByLabel('Remède').fill('Collier de régénération remplacé, dessiccant changé');
    await detail.getByRole('button', { name: 'Passer à « Réalisé »' }).click();
    await done(`${id} : Réalisé.`);
    await detail.getByRole('button', { name: 'Passer à « Soldé »' }).click();
    await done(`${id} : Soldé.`);
    await detail.locator('#wo-next').filter({ hasText: 'aucune (état final)' }).waitFor();
    await screenshot(page, 'gmao-02-workorder');
    const tok = await L.token('st1');
    const wo = (await L.get(tok, `/api/stations/st1/gmao/work-orders/${id}`)).body;
    expect(wo).toMatchObject({
      equipment: 'dryer',
      kind: 'corrective',
      priority: 'high',
      breakdown: true,
      status: 'closed',
      createdBy: 'st1',
      assignee: 'Technicien maintenance',
      hours: 1.5,
      parts: [expect.objectContaining({ part: 'SP-DES-25', qty: 1 })],
    });
    expect(wo.history.map((h: { to: string }) => h.to)).toEqual([
      'open',
      'assigned',
      'in_progress',
      'done',
      'closed',
    ]);
    const refusals = journal(['command'])
      .map((e) => e.payload as CommandPayload)
      .filter((p) => p.status === 'rejected' && p.input.action === 'gmao.update_work_order');
    expect(refusals).toHaveLength(4);
  });

  it('shows the preventive plans, MTBF/MTTR and the predictive indicators', async () => {
    await tab('Préventif');
    await page
      .getByRole('table', { name: 'Plans, compteur et échéance' })
      .getByText('En retard')
      .first()
      .waitFor();
    await screenshot(page, 'gmao-03-plans');
    await tab('Fiabilité et prédictif');
    await page
      .getByRole('table', { name: /Indicateurs : période récente/ })
      .getByText('Usure du clapet (dispersion du matelas)')
      .waitFor();
    await page
      .getByRole('table', { name: 'Par équipement (ordres correctifs de panne)' })
      .getByText('MTBF')
      .waitFor();
    await page.getByRole('img', { name: /Écart type glissant du matelas/ }).waitFor();
    await screenshot(page, 'gmao-04-reliability');
  });

  it('shows the ERP: orders with their bill of materials, lots with certificate and CoA, stock movements', async () => {
    await nav('MES — production');
    await tab('ERP');
    const lots = page.getByRole('table', { name: /Lots avec fournisseur/ });
    const x = lots.getByRole('row').filter({ hasText: LOT_X });
    await x.getByText('hors spécification').waitFor();
    await x.getByText('Ecoplast Recycling BV').waitFor();
    await x.getByRole('button', { name: `Mouvements ${LOT_X}` }).click();
    await page
      .getByRole('table', { name: `Mouvements de stock du lot ${LOT_X}` })
      .getByText('Consommation')
      .first()
      .waitFor();
    await page
      .getByRole('table', { name: 'Ordres de fabrication avec leur nomenclature' })
      .getByText('MO-24017')
      .waitFor();
    await screenshot(page, 'mes-06-erp');
  });

  it('switches these screens to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await heading().filter({ hasText: 'MES — ERP' }).waitFor();
    const enNav = (name: string) =>
      page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('navigation', { name: 'MES screens' }).getByRole('link', { name: 'OEE' }).click();
    await heading().filter({ hasText: 'MES — OEE' }).waitFor();
    await page.getByRole('heading', { name: 'OEE (TRS) per NF E60-182' }).waitFor();
    await screenshot(page, 'mes-07-oee-en');
    await enNav('SPC');
    await heading().filter({ hasText: 'Statistical process control (SPC)' }).waitFor();
    await page.getByRole('heading', { name: 'Capability' }).waitFor();
    await enNav('CMMS — maintenance');
    await heading().filter({ hasText: 'CMMS (GMAO) — Work orders' }).waitFor();
    await page.getByRole('button', { name: 'Open the work order' }).waitFor();
    await screenshot(page, 'gmao-05-en');
    await page.getByRole('button', { name: 'Français' }).click();
    await heading().filter({ hasText: 'GMAO — Ordres de travail' }).waitFor();
  });

  it('meets WCAG AA text contrast and reflows at 200 % text on these screens', async () => {
    for (const path of [
      '/mes/order',
      '/mes/oee',
      '/mes/downtime',
      '/mes/quality',
      '/mes/genealogy',
      '/mes/erp',
      '/spc',
      '/gmao/work-orders',
      '/gmao/plans',
      '/gmao/reliability',
    ]) {
      await page.goto(`${L.url}${path}`);
      await heading().waitFor();
      await page.locator('.mes-section, table').first().waitFor();
      await page.waitForTimeout(300);
      expect(await contrastFailures(page), path).toEqual([]);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
      });
      await page.waitForTimeout(100);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at 200 %`).toBeLessThanOrEqual(1);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '';
      });
    }
  });

  it('journals every MES, SPC and GMAO screen with the candidate identity', () => {
    const views = journal(['view']).filter((e) => e.actor?.channel === 'hmi');
    const seen = views.map((e) => e.payload as { screen: string; target?: string });
    for (const target of ['order', 'oee', 'downtime', 'quality', 'genealogy', 'erp'])
      expect(seen, target).toContainEqual({ screen: 'mes', target });
    for (const target of ['work-orders', 'plans', 'reliability'])
      expect(seen, target).toContainEqual({ screen: 'gmao', target });
    expect(seen.some((s) => s.screen === 'spc')).toBe(true);
    expect(views.every((e) => e.actor?.user === 'st1')).toBe(true);
    const actions = journal(['command'])
      .filter((e) => e.actor?.channel === 'hmi')
      .map((e) => (e.payload as { input: { action?: string } }).input.action);
    for (const a of [
      'mes.quarantine',
      'mes.release',
      'mes.record_downtime',
      'spc.set_limits',
      'gmao.open_work_order',
      'gmao.update_work_order',
      'gmao.book_parts',
      'gmao.book_time',
    ])
      expect(actions, a).toContain(a);
  });

  it('gives the page nothing of the trainer side or of another station', async () => {
    expect(received.length).toBeGreaterThan(50);
    for (const r of received) {
      expect(r.text, r.url).not.toMatch(/CANARY|\bF06\b|fault\.|regen_?health|gmao\.set_counter/i);
      expect(r.text, r.url).not.toMatch(/"(by|createdBy|performedBy|user)":"trainer"/);
      if (r.url.includes('/api/stations/')) expect(r.url).toMatch(/\/api\/stations\/st1\//);
    }
    // the station's own token reaches neither st2's MES nor a trainer action
    const st2 = await page.evaluate(async () => {
      const s = JSON.parse(sessionStorage.getItem('plastlab.session')!) as { token: string };
      const h = { authorization: `Bearer ${s.token}` };
      const a = await fetch('/api/stations/st2/mes', { headers: h });
      const b = await fetch('/api/stations/st1/mes/actions', { headers: h });
      return { st2: a.status, actions: ((await b.json()) as { name: string }[]).map((x) => x.name) };
    });
    expect(st2.st2).toBe(404);
    expect(st2.actions).not.toContain('gmao.set_counter');
    expect(st2.actions.some((n) => n.startsWith('fault'))).toBe(false);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
