/**
 * The digital twin in a real browser (issue 7): Debian's Chromium with WebGL on SwiftShader (software GL)
 * against a lab running the real cell (plus a canary model with trainer-only signals). A candidate logs
 * in and opens the twin: the scene loads without errors within the draw-call budget; the mould and the
 * robot follow the cycle phase the server is in (the station is stepped by hand to known phases); nothing
 * is drawn while nothing moves; clicking the TCU (and the keyboard path) opens its faceplate; symptoms
 * show where a technician would look (an open guard, a zone deviation, condensation on a cold mould); a
 * replay drives the scene from the historian; and nothing trainer-only ever reaches the page.
 * Screenshots go to test-results/twin/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTwinHmi,
  launchGlChromium,
  openTwin,
  twin,
  twinScreenshot,
  waitTwin,
} from '../helpers/twin-browser.ts';
import { startTwinLab, TWIN_CANARY, type TwinLab } from '../helpers/twin-lab.ts';

type Readings = {
  phase: string | null;
  mouldMm: number | null;
  ejectorMm: number | null;
  robot: { x: number | null; y: number | null; z: number | null; part: boolean | null; step: string | null };
  frontGuard: boolean | null;
};

describe('digital twin in Chromium (software GL)', () => {
  let lab: TwinLab;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** every WebSocket frame and API answer the page received, as text (hidden-truth scan) */
  const received: string[] = [];
  const requested: string[] = [];

  const phaseOf = () => {
    const sig = lab.running.lab.station('st1')!.registry.get('imm.cycle_state')!;
    return sig.enumValues![Number(lab.value('st1', 'imm.cycle_state'))]!;
  };
  const num = (key: string) => Number(lab.value('st1', key));
  const readings = () => twin(page, (tw) => tw.readings()) as Promise<Readings | null>;
  /** wait until the twin has received the server's current phase and its animation has settled */
  const settled = async (phase: string) => {
    await page.waitForFunction(
      (ph) => {
        const tw = (
          window as unknown as {
            __plastlabTwin: { readings(): { phase: string } | null; animating(): boolean };
          }
        ).__plastlabTwin;
        return tw.readings()?.phase === ph && !tw.animating();
      },
      phase,
      { timeout: 10_000 },
    );
  };
  const pose = () => twin(page, (tw) => tw.pose());

  beforeAll(async () => {
    await buildTwinHmi();
    lab = await startTwinLab({ stations: 2 });
    browser = await launchGlChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // the HMI has no favicon (not the twin's): the browser's own request for it is not an error here
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
    });
    page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
    page.on('request', (r) => requested.push(r.url()));
    page.on('response', async (r) => {
      if (!r.url().includes('/api/')) return;
      try {
        received.push(await r.text());
      } catch {
        // a redirect or an aborted request has no body
      }
    });
    const c = lab.running.lab.credentials.forStation('st1')!;
    await openTwin(page, lab.url, c.user, c.password);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it('loads the scene without errors, within the draw-call budget, Three.js only in its own chunk', async () => {
    await page.getByRole('heading', { level: 1, name: 'Jumeau numérique 3D' }).waitFor();
    const stats = await twin(page, (tw) => tw.stats());
    expect(stats.frames).toBeGreaterThan(0);
    expect(stats.maxCalls).toBeGreaterThan(0);
    expect(stats.maxCalls).toBeLessThanOrEqual(100);
    // every equipment of the station is listed, each a button opening its faceplate
    const list = page.getByRole('complementary').getByRole('button');
    await expect(list.count()).resolves.toBeGreaterThanOrEqual(10);
    for (const p of ['overview', 'mould', 'injection', 'robot', 'conveyor', 'peripherals']) {
      await page.evaluate(`window.__plastlabTwin.preset('${p}', true)`);
      await page.waitForTimeout(300);
      await twinScreenshot(page, `01-preset-${p}`);
    }
    expect((await twin(page, (tw) => tw.stats())).maxCalls).toBeLessThanOrEqual(100);
    // code splitting: the entry bundle holds no Three.js; the twin's chunk does
    const html = await (await fetch(`${lab.url}/`)).text();
    const entry = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    for (const a of entry)
      expect(await (await fetch(`${lab.url}${a}`)).text()).not.toMatch(/WebGLRenderer|three\.module/);
    const chunks = requested.filter((u) => /\/assets\/.*\.js$/.test(u) && !entry.some((a) => u.endsWith(a)));
    expect(chunks.length, 'the twin loads its own chunk').toBeGreaterThan(0);
    // the twin's chunk holds no trainer UI or endpoint, no fault catalogue, no source map (T4/I4)
    for (const u of chunks) {
      const body = await (await fetch(u)).text();
      const hit = body.match(
        /sourceMappingURL|\btrainer\b|\bfaults\b|fault_?(id|catalog|inject)|\bF(0[1-9]|1\d|2[0-5])\b|\/api\/(faults|scoring|trainer)|CANARY/i,
      );
      expect(hit?.[0], u).toBeUndefined();
    }
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('moves the mould and the robot in step with the cycle phase the server is in', async () => {
    await page.evaluate(`window.__plastlabTwin.preset('mould', true)`);
    // closed: the station in COOLING (mould closed, clamp built up)
    await lab.stepUntil('st1', () => phaseOf() === 'COOLING');
    await settled('COOLING');
    expect(num('imm.mould_position')).toBe(0);
    expect((await pose()).mould).toBeCloseTo(0, 0);
    await twinScreenshot(page, '02-phase-cooling');
    // opening: half way
    await lab.stepUntil('st1', () => phaseOf() === 'OPENING' && num('imm.mould_position') > 120);
    await settled('OPENING');
    const opening = num('imm.mould_position');
    expect((await readings())!.mouldMm).toBeCloseTo(opening, 1);
    expect(Math.abs((await pose()).mould! - opening)).toBeLessThan(0.5);
    await twinScreenshot(page, '03-phase-opening');
    // ejection and take-out: open fully, the robot in the mould holding the shot
    await lab.stepUntil(
      'st1',
      () => phaseOf() === 'EJECTING' && lab.value('st1', 'robot.part_present') === true,
    );
    await settled('EJECTING');
    const p = await pose();
    expect(Math.abs(p.mould! - num('imm.mould_position'))).toBeLessThan(0.5);
    expect(num('imm.mould_position')).toBeGreaterThan(300);
    expect(Math.abs(p.ry! - num('robot.axis_y.position'))).toBeLessThan(1);
    expect(Math.abs(p.rz! - num('robot.axis_z.position'))).toBeLessThan(1);
    const d = await twin(page, (tw) =>
      (tw as unknown as { discrete(): { parts: { held: boolean } } }).discrete(),
    );
    expect(d.parts.held).toBe(true);
    await twinScreenshot(page, '04-phase-ejecting-robot-holds');
    // the shot goes onto the conveyor: the robot's place position
    await page.evaluate(`window.__plastlabTwin.preset('robot', true)`);
    await lab.stepUntil('st1', () => lab.value('st1', 'robot.cycle_step') === 12); // PLACE_ASCEND
    await page.waitForFunction(() => {
      const tw = (window as unknown as { __plastlabTwin: { discrete(): { parts: { belt: unknown[] } } } })
        .__plastlabTwin;
      return tw.discrete().parts.belt.length > 0;
    });
    await twinScreenshot(page, '05-part-on-conveyor');
  });

  it('draws nothing while nothing moves, and redraws once when the view changes', async () => {
    // the pacer is stopped (stepUntil): no new values, no animation left
    await page.waitForFunction(
      () => !(window as unknown as { __plastlabTwin: { animating(): boolean } }).__plastlabTwin.animating(),
    );
    await page.waitForTimeout(400);
    const a = (await twin(page, (tw) => tw.stats())).frames;
    await page.waitForTimeout(1200);
    const b = (await twin(page, (tw) => tw.stats())).frames;
    expect(b).toBe(a);
    await page.locator('canvas.twin-canvas').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(300);
    expect((await twin(page, (tw) => tw.stats())).frames).toBeGreaterThan(b);
  });

  it('opens the TCU faceplate when the TCU is clicked in 3D', async () => {
    await page.evaluate(`window.__plastlabTwin.preset('peripherals', true)`);
    await page.waitForTimeout(200);
    const at = await twin(page, (tw) => tw.anchorScreen('tcu1'));
    expect(at).toBeDefined();
    await twinScreenshot(page, '06-peripherals-before-click');
    await page.mouse.move(at!.x, at!.y);
    await page.getByText('Thermorégulateur 1 : cliquer pour ouvrir le synoptique').waitFor();
    await page.mouse.click(at!.x, at!.y);
    await page.getByRole('heading', { level: 1, name: 'Équipement — Thermorégulateur 1' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/faceplates/tcu1');
    await twinScreenshot(page, '07-tcu-faceplate-from-click');
    const views = lab.running.lab.journal.read({ station: 'st1', types: ['view'] }).map((v) => v.payload);
    expect(views).toContainEqual({ screen: 'faceplate', target: 'tcu1' });
  });

  it('reaches the same faceplate and the camera presets from the keyboard', async () => {
    await page.goBack();
    await waitTwin(page);
    // presets: key 2 (mould) flies the camera there
    await page.locator('canvas.twin-canvas').focus();
    const before = await twin(page, (tw) => (tw as unknown as { camera(): number[] }).camera());
    await page.keyboard.press('2');
    await page.waitForFunction(
      () => !(window as unknown as { __plastlabTwin: { animating(): boolean } }).__plastlabTwin.animating(),
    );
    const after = await twin(page, (tw) => (tw as unknown as { camera(): number[] }).camera());
    expect(after).not.toEqual(before);
    expect(after[0]).toBeCloseTo(0.1, 1);
    // the equipment list: Tab to the TCU's entry, Enter
    const entry = page.getByRole('button', { name: /^Thermorégulateur 1/ });
    await entry.focus();
    await expect(page.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toContain(
      'Thermorégulateur 1',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Équipement — Thermorégulateur 1' }).waitFor();
    await page.goBack();
    await waitTwin(page);
  });

  it('shows symptoms where a technician would look: an open guard, a zone deviation, condensation', async () => {
    const token = await lab.candidate('st1');
    const write = (signal: string, value: unknown) =>
      fetch(`${lab.url}/api/stations/st1/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'write', signal, value, reason: 'twin test' }),
      });
    const stepped = (ticks: number) => {
      let n = 0;
      return lab.stepUntil('st1', () => n++ >= ticks);
    };
    // front guard opened: the door slides open, its label says so, the cycle stops with an alarm on it
    const w1 = write('imm.safety.front_guard_closed', false);
    await stepped(3);
    expect((await w1).status).toBe(200);
    await page.evaluate(`window.__plastlabTwin.preset('overview', true)`);
    await page.waitForFunction(() => {
      const tw = (
        window as unknown as { __plastlabTwin: { highlights(): { anchor: string; code: string }[] } }
      ).__plastlabTwin;
      return tw.highlights().some((h) => h.anchor === 'imm/guard-front' && h.code === 'GUARD_OPEN');
    });
    await page.waitForFunction(() => {
      const tw = (window as unknown as { __plastlabTwin: { pose(): { front: number } } }).__plastlabTwin;
      return tw.pose().front > 0.99;
    });
    await page.waitForFunction(() => {
      const tw = (window as unknown as { __plastlabTwin: { labelText(id: string): string } }).__plastlabTwin;
      const text = tw.labelText('imm/guard-front');
      return text.includes('Protecteur avant ouvert') && text.includes('Protecteur ouvert pendant le cycle');
    });
    await twinScreenshot(page, '08-symptom-guard-open');
    // the equipment list says it in words too
    await expect(page.getByRole('button', { name: /^Presse à injecter/ }).textContent()).resolves.toContain(
      'Protecteur ouvert pendant le cycle',
    );
    const w2 = write('imm.safety.front_guard_closed', true);
    await stepped(3);
    expect((await w2).status).toBe(200);
    // zone 2 far from its set point: the band keeps its measured colour, the label and the alarm say it
    const w3 = write('imm.zone2.temp_sp', 260);
    await stepped(5);
    expect((await w3).status).toBe(200);
    await page.evaluate(`window.__plastlabTwin.preset('injection', true)`);
    await page.waitForFunction(() => {
      const tw = (window as unknown as { __plastlabTwin: { highlights(): { anchor: string }[] } })
        .__plastlabTwin;
      return tw.highlights().some((h) => h.anchor === 'imm/zone2');
    });
    await page.waitForFunction(() =>
      (window as unknown as { __plastlabTwin: { labelText(id: string): string } }).__plastlabTwin
        .labelText('imm/zone2')
        .includes('Zone 2 : écart de température'),
    );
    const zone = await page.evaluate(`window.__plastlabTwin.labelText('imm/zone2')`);
    expect(zone).toMatch(/Z2 2\d\d,\d °C.*écart −\d\d K/);
    await twinScreenshot(page, '09-symptom-zone2-deviation');
    // a humid day and a cold mould (trainer side): droplets from the candidate-visible values only
    const models = lab.models('st1');
    (models.get('ambient') as unknown as { faults: { dewPointC: number | null } }).faults.dewPointC = 18;
    (models.get('mould') as unknown as { s: { t: number[] } }).s.t.fill(11);
    await stepped(2);
    expect(num('mould.circuit_a1.surface_temp')).toBeLessThan(num('ambient.dew_point'));
    await page.evaluate(`window.__plastlabTwin.preset('mould', true)`);
    await page.waitForFunction(() => {
      const tw = (window as unknown as { __plastlabTwin: { discrete(): { droplets: { fixed: number } } } })
        .__plastlabTwin;
      return tw.discrete().droplets.fixed > 0;
    });
    const mould = await page.evaluate(`window.__plastlabTwin.labelText('mould')`);
    expect(mould).toMatch(/Condensation \(partie fixe\) : surface 1\d,\d °C < point de rosée 1\d,\d °C/);
    await twinScreenshot(page, '10-symptom-condensation');
  });

  it('replays the recording from the historian with a time slider', async () => {
    await page.getByRole('button', { name: 'Rejouer' }).click();
    await page.getByRole('combobox', { name: 'Durée' }).selectOption('2');
    await page.getByRole('button', { name: 'Charger' }).click();
    const slider = page.getByRole('slider', { name: 'Position dans l’enregistrement' });
    await slider.waitFor();
    // find, in the history itself, an instant where the mould was opening, and seek there
    const token = await lab.candidate('st1');
    const q = new URLSearchParams({
      signals: 'imm.cycle_state,imm.mould_position',
      from: '-2m',
      agg: 'raw',
      maxPoints: '100000',
    });
    const h = (await (
      await fetch(`${lab.url}/api/stations/st1/history?${q}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { t: number[]; values: (number | null)[][] };
    const states = lab.running.lab.station('st1')!.registry.get('imm.cycle_state')!.enumValues!;
    let cs = -1;
    let at = -1;
    let mm = 0;
    for (let i = 0; i < h.t.length; i++) {
      if (h.values[0]![i] !== null) cs = h.values[0]![i]!;
      if (states[cs] === 'OPENING' && (h.values[1]![i] ?? 0) > 100) {
        at = h.t[i]!;
        mm = h.values[1]![i]!;
        break;
      }
    }
    expect(at).toBeGreaterThan(0);
    const epoch = lab.running.lab.startedAt;
    await slider.fill(String(Math.round((at - epoch) / 100) * 100));
    await page.waitForFunction(() => {
      const tw = (window as unknown as { __plastlabTwin: { readings(): { phase: string } | null } })
        .__plastlabTwin;
      return tw.readings()?.phase === 'OPENING';
    });
    const r = (await readings())!;
    expect(Math.abs(r.mouldMm! - mm)).toBeLessThan(60);
    await twinScreenshot(page, '11-replay-opening');
    await page.getByRole('button', { name: /Lecture/ }).click();
    await page.getByRole('button', { name: /Pause/ }).waitFor();
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: /Pause/ }).click();
    await expect(page.getByRole('button', { name: /Lecture/ }).isVisible()).resolves.toBe(true);
    // loading a replay is journaled as a view of the twin (the scorer's investigation criterion)
    await expect
      .poll(() =>
        lab.running.lab.journal
          .read({ station: 'st1', types: ['view'] })
          .some((e) => (e.payload as { screen?: string; target?: string }).target === 'replay'),
      )
      .toBe(true);
    // the candidate's session never asks for the journal's markers (trainer and jury only)
    expect(requested.filter((u) => u.includes('/replay/journal'))).toEqual([]);
    await page.getByRole('button', { name: 'En direct' }).click();
  });

  it('switches its labels to English with the rest of the HMI', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: '3D digital twin' }).waitFor();
    // the labels follow at once, even with the station paused (no new tick)
    await page.evaluate(`window.__plastlabTwin.preset('overview', true)`);
    await page.waitForFunction(() =>
      (window as unknown as { __plastlabTwin: { labels(): { id: string; text: string }[] } }).__plastlabTwin
        .labels()
        .some((l) => l.id === 'imm' && l.text.startsWith('Injection moulding machine')),
    );
    await expect(page.locator('.twin-status').textContent()).resolves.toMatch(/Phase: [A-Z][a-z]+/);
    await twinScreenshot(page, '12-english');
    await page.getByRole('button', { name: 'Français' }).click();
  });

  it('never receives anything trainer-only, nor another station', async () => {
    // the canary model's trainer-only values, the cell's true temperatures, fault fields, station 2
    const text = received.join('\n');
    expect(received.length).toBeGreaterThan(50);
    for (const needle of [
      TWIN_CANARY.text,
      String(TWIN_CANARY.number),
      'canary.fault',
      'temp_true',
      'moisture_true',
      'dewPointC',
      '"st2"',
    ])
      expect(text.includes(needle), needle).toBe(false);
    // the debrief markers route answers trainers and jury only
    const token = await lab.candidate('st1');
    const own = await fetch(`${lab.url}/api/stations/st1/replay/journal`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(own.status).toBe(403);
    const other = await fetch(`${lab.url}/api/stations/st2/history?signals=imm.mould_position&agg=raw`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(404);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
