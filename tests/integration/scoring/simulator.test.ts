/**
 * Transcripts produced by actually running the simulator (issue 8 "Tests"): the cooling-blockage exercise's
 * timeline scheduled through the fault engine, the real cell's shot records, a candidate's real gestures
 * through the command API (with the simulator's own preconditions), trend queries and a diagnosis through
 * the diagnosis book — then graded from the journal the lab wrote, after it verifies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { score } from '../../../scoring/score.ts';
import { verifyJournalFile } from '../../../simulator/session/journal-verify.ts';
import { SimSession } from '../../helpers/transcript-sim.ts';

const FILE = 'outillage-f04-cooling-blockage.yaml';
const MIN = 60_000;
const sessions: SimSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});

async function investigate(s: SimSession): Promise<string> {
  const c = String(s.inst.vars.circuit);
  const onset = s.inst.faults[0]!.onset_s * 1000;
  s.runUntil(onset + 8 * MIN);
  s.trend(['mould.temp_fixed', 'mould.temp_moving'], onset - 20 * MIN);
  s.trend([`mould.${c}.flow`, `mould.${c}.supply_temp`, `mould.${c}.return_temp`], onset - 20 * MIN);
  s.trend(['tcu2.supply_temp', 'tcu2.flow'], onset - 20 * MIN);
  s.trend(['imm.last.peak_pressure', 'imm.last.cushion'], onset - 20 * MIN);
  expect((await s.act('act.diag', { target: `mould.${c}`, measurement: 'flow_dt' })).status).toBe('accepted');
  await s.act('act.measure', { instrument: 'caliper', n: 5 });
  await s.write('imm.cooling_time_sp', 12, 'confinement : refroidissement allongé, circuit bouché');
  s.diagnose({
    symptoms: ['Voilage', 'Partie mobile plus chaude'],
    rootCause: { equipment: 'mould', component: c, failureMode: 'partial_blockage' },
    evidence: [
      {
        kind: 'signal',
        ref: `mould.${c}.flow`,
        from: s.epoch(onset - 20 * MIN),
        to: s.epoch(s.now),
        note: 'débit effondré',
      },
      { kind: 'signal', ref: 'mould.temp_moving', from: s.epoch(onset - 20 * MIN), to: s.epoch(s.now) },
    ],
    explanation:
      'Débit du circuit en chute (obstruction, tartre), ΔT retour en hausse, partie mobile plus chaude : asymétrie, voilage.',
    corrective:
      'Consigner l’eau, détartrer et rincer le circuit, vérifier le débit 8 l/min, retirer le temps de refroidissement ajouté.',
    preventive: "Traitement de l'eau et plan de détartrage préventif, surveillance du débit par circuit.",
  });
  await s.act('act.notify', { to: ['chef d’équipe'] });
  await s.act('act.mode_semi');
  s.run(30_000);
  await s.act('act.mode_manual');
  await s.act('act.quarantine', { from_shot: 1 });
  return c;
}

describe('grading a journal written by the running simulator', () => {
  it('grades an expert intervention on the real cell, fault engine and gestures at 85 % or more', async () => {
    const s = new SimSession(FILE, 5);
    sessions.push(s);
    await s.schedule();
    const c = await investigate(s);
    await s.act('act.ppe', { items: ['glasses', 'heat_gloves_en407'] });
    await s.act('act.loto_identify', { energies: ['water', 'thermal'] });
    await s.act('act.isolate_water');
    await s.act('act.lock', { padlock: 'P-07' });
    await s.act('act.tag', { name: 'Candidat', reason: 'détartrage du circuit' });
    await s.act('act.dissipate', { what: ['depressurise_water', 'cool_down'] });
    s.run(MIN);
    await s.act('act.verify', { how: ['pressure_gauge_zero'] });
    expect((await s.act('act.repair', { component_id: `mould.${c}`, op: 'clean' })).status).toBe('accepted');
    s.run(5 * MIN);
    for (const a of ['act.tools_removed', 'act.guards_refitted', 'act.area_clear', 'act.unlock'])
      await s.act(a);
    await s.write('imm.cooling_time_sp', 8, 'circuit détartré : refroidissement validé rétabli');
    s.run(MIN);
    await s.act('act.restart_semi');
    s.run(MIN);
    await s.act('act.scrap', { n: 5 });
    await s.act('act.fai', { weight: true, key_dims: true, visual: true });
    await s.act('act.release');
    s.run(6 * MIN);
    s.trend([`mould.${c}.flow`, 'mould.temp_moving'], s.now - 6 * MIN);
    // every gesture was accepted by the simulator's own preconditions
    expect(s.log.filter((r) => r.status === 'rejected').map((r) => r.rejection?.message)).toEqual([]);
    s.lab.journal.checkpoint();
    expect(verifyJournalFile(s.lab.journal.path).ok).toBe(true);

    const entries = s.lab.journal.read();
    const r = score(s.exercise, entries, {
      station: 'st1',
      epochMs: s.lab.startedAt,
      exerciseSha256: s.sha256,
    });
    expect(r.faults[0]).toMatchObject({ onset_source: 'journal', component: `mould.${c}` });
    expect(r.total.pct).toBeGreaterThanOrEqual(85);
    expect(r.safety.critical).toBe(0);
    // the verification read real shot records after the repair: the circuit's flow is back
    const ver = r.criteria.find((x) => x.id === 'parameters')!.items.find((i) => i.id === 'verification')!;
    expect(ver.earned).toBeGreaterThan(0.9);
    const cycle = entries.find((e) => e.seq === ver.refs.at(-1))!;
    expect(cycle.type).toBe('cycle');
    const flow = (
      cycle.payload as { mould: { circuits: { id: string; flow: number }[] } }
    ).mould.circuits.find((x) => x.id === String(s.inst.vars.cid))!.flow;
    expect(flow).toBeGreaterThan(7.5);
  });

  it('grades a candidate who tries to descale without locking out the water: refused, one level lower', async () => {
    const s = new SimSession(FILE, 5);
    sessions.push(s);
    await s.schedule();
    const c = await investigate(s);
    const attempt = await s.act('act.repair', { component_id: `mould.${c}`, op: 'clean' });
    // the simulator refuses it on its own preconditions; the scorer grades the attempt as a major error
    expect(attempt.status).toBe('rejected');
    const r = score(s.exercise, s.lab.journal.read(), { station: 'st1', epochMs: s.lab.startedAt });
    const g = r.criteria.find((x) => x.id === 'gestures')!;
    expect(r.safety.critical).toBe(0);
    expect(g.items.some((i) => i.severity === 'major' && i.fr.includes('refusé par le simulateur'))).toBe(
      true,
    );
    // the fault is still there: no verification, and the set points are left as they were
    expect(
      r.criteria.find((x) => x.id === 'parameters')!.items.find((i) => i.id === 'verification')!.earned,
    ).toBe(0);
  });
});
