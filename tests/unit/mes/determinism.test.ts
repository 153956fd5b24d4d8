import { describe, expect, it } from 'vitest';
import type { Command, CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import type { MesModel } from '../../../simulator/mes/index.ts';
import { candidate, trainer } from '../../helpers/actors.ts';
import { type DryerStub, mesTestModels } from '../../helpers/mes-machine.ts';

/** Commands of a session, by the tick before which they are submitted. */
const SCRIPT: [number, Command['actor'], string, unknown][] = [
  [
    4500,
    candidate(),
    'spc.set_limits',
    { variable: 'weight', cavity: 1, chart: 'xbar_r', shotFrom: 1, shotTo: 20, rules: ['WE1', 'WE2', 'N3'] },
  ],
  [3500, trainer, 'mes.lot_change', { lot: 'L-PP-2412-003', performedBy: 'magasin' }],
  [5000, candidate(), 'mes.quarantine', { select: { shotFrom: 200 }, ongoing: true, reason: 'suspect' }],
  [
    6000,
    candidate(),
    'gmao.open_work_order',
    { equipment: 'dryer', title: 'dew point high', breakdown: true },
  ],
  [6100, candidate(), 'gmao.update_work_order', { id: 'WO-24137', status: 'assigned', assignee: 'me' }],
  [7000, candidate(), 'job.interrupt', {}],
  [7600, candidate(), 'mes.record_downtime', { reasonId: 33, comment: 'hold pressure re-centred' }],
  [8000, candidate(), 'job.start', {}],
  [9000, candidate(), 'erp.create_order', { customer: 'C-300', product: 'R-PP', qty: 100, dueInHours: 4 }],
  [9001, candidate(), 'mes.scrap', { decision: 1, defectClass: 'dimension', reason: 'out of tolerance' }],
  [9500, candidate(), 'job.finish', {}],
  [9600, candidate(), 'erp.release_order', { order: 'MO-24019' }],
  [9700, candidate(), 'mes.dispatch_job', { order: 'MO-24019', start: true }],
];

function run(st: Station, from: number, to: number): void {
  for (let tick = from; tick < to; tick++) {
    for (const [at, actor, action, args] of SCRIPT) {
      if (at === tick) void st.submit({ station: st.id, actor, input: { kind: 'action', action, args } });
    }
    if (tick === 4000) st.model<DryerStub>('dryer')!.dp = -10;
    st.step();
  }
}

const station = (records?: CommandRecord[]) =>
  new Station({
    id: 'st1',
    seed: 42,
    models: mesTestModels(),
    ...(records ? { sink: { record: (r: readonly CommandRecord[]) => records.push(...r) } } : {}),
  });

describe('MES determinism', () => {
  it('gives the same MES, ERP and GMAO state hash for the same seed and commands', () => {
    const a = station();
    const b = station();
    run(a, 0, 12_000);
    run(b, 0, 12_000);
    expect(a.stateHash()).toBe(b.stateHash());
    const mes = a.model<MesModel>('mes')!;
    // the scenario did what it says (so the hash covers a busy MES)
    expect(mes.s.jobs.length).toBeGreaterThanOrEqual(1);
    expect(mes.s.job?.data.JobName).toBe('MO-24019');
    expect(mes.s.decisions.map((d) => d.kind)).toEqual(['quarantine', 'scrap']);
    expect(Object.keys(mes.s.spc)).toEqual(['weight.1:xbar_r']);
    expect(mes.s.stops.some((s) => s.reasonId === 33)).toBe(true);
  });

  it('resumes from a snapshot to exactly the state of an uninterrupted run', () => {
    const whole = station();
    run(whole, 0, 12_000);
    const first = station();
    run(first, 0, 6_500);
    const snap = JSON.parse(JSON.stringify(first.snapshot()));
    const resumed = station();
    resumed.restore(snap);
    run(resumed, 6_500, 12_000);
    expect(resumed.stateHash()).toBe(whole.stateHash());
  });

  it('replays the journaled commands to the same state', () => {
    const journal: CommandRecord[] = [];
    const live = station(journal);
    run(live, 0, 12_000);
    expect(journal.filter((r) => r.status === 'rejected')).toEqual([]);
    const replay = station();
    for (const r of journal)
      replay.scheduleReplay(r.tick, { station: r.station, actor: r.actor, input: r.input });
    for (let tick = 0; tick < 12_000; tick++) {
      if (tick === 4000) replay.model<DryerStub>('dryer')!.dp = -10;
      replay.step();
    }
    expect(replay.stateHash()).toBe(live.stateHash());
  });
});
