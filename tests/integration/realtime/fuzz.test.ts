/**
 * Fuzz of every HMI client event (reliability-security R5, §4.5): seeded fast-check payloads — arbitrary
 * values, and well-formed shapes carrying invalid content (unknown or trainer-only signals, wrong types,
 * values out of range, unknown actions, bad arguments, alarms that do not exist, foreign stations,
 * diagnoses outside the schema or the taxonomy, unknown event names, extra arguments). Every one must be
 * answered with an error ack; afterwards the station's set points and states, the alarms and the
 * diagnoses are unchanged, and the process still answers.
 *
 * Cases per event: 1,000 in CI (PLASTLAB_FUZZ_CASES raises it, e.g. to the 10,000 of R5).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlarmAckEventSchema,
  CommandEventSchema,
  ViewEventSchema,
} from '../../../simulator/server/realtime/client-events.ts';
import { hmiServices } from '../../../simulator/server/realtime/services.ts';
import { SCREENS } from '../../../simulator/server/realtime/wire.ts';
import { connectHmi, type HmiClient, type HmiLab, startHmiLab } from '../../helpers/hmi-lab.ts';

const CASES = Math.max(1000, Number(process.env.PLASTLAB_FUZZ_CASES ?? 1000));
const BATCH = 50;
const RUNS = Math.ceil(CASES / BATCH);

describe('fuzz of every HMI client event', () => {
  let lab: HmiLab;
  let c: HmiClient;
  let before: string;
  const keys: string[] = [];

  /** Everything a valid event could change: writable signals, states, alarms, diagnoses. */
  const state = () => {
    const st = lab.running.lab.station('st1')!;
    const vals = st.registry.signals
      .filter((s) => s.access.write.length > 0 || s.kind === 'state' || s.kind === 'setpoint')
      .map((s) => [s.key, st.store.value(s.index)]);
    const sv = hmiServices(lab.running.lab);
    return JSON.stringify({
      vals,
      alarms: sv.alarms.get('st1')!.active(),
      diag: sv.diagnosis.list('st1').length,
    });
  };

  beforeAll(async () => {
    lab = await startHmiLab({ stations: 2, tickMs: 10 });
    c = await connectHmi(lab.url, { token: await lab.candidate('st1'), level: 'technician' });
    keys.push(...lab.running.lab.station('st1')!.registry.signals.map((s) => s.key));
    before = state();
  });

  afterAll(async () => {
    c?.close();
    await lab.close();
  });

  /** Send a batch in parallel; every ack must be an error. */
  const expectAllRefused = async (name: string, payloads: unknown[]) => {
    const acks = await Promise.all(payloads.map((p) => c.ack(name, p, 10_000)));
    acks.forEach((a, i) => {
      if (a.ok !== false || typeof a.error !== 'string') {
        throw new Error(`${name} ${JSON.stringify(payloads[i]).slice(0, 300)} → ${JSON.stringify(a)}`);
      }
    });
  };
  const run = (name: string, arb: fc.Arbitrary<unknown>, seed: number) =>
    fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), (ps) =>
        expectAllRefused(name, ps),
      ),
      { numRuns: RUNS, seed, endOnFailure: true },
    );

  const notSignal = fc.string({ maxLength: 40 }).filter((s) => !keys.includes(s));
  const hidden = fc.constantFrom('imm.heater_health', 'imm.fault_note');
  const setpoint = fc.constantFrom('imm.hold_pressure_sp', 'tcu1.supply_temp_sp', 'imm.zone1.temp_sp');
  const outOfRange = fc.oneof(
    fc.double({ min: 1000, max: 1e300, noNaN: true }),
    fc.double({ min: -1e300, max: -1, noNaN: true }),
  );
  const wrongType = fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer()),
    fc.object(),
  );
  const reason = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0);
  const badArgs = fc.oneof(
    fc.anything(),
    fc.record({ items: fc.anything() }),
    fc.record({ energies: fc.constant([]) }),
  );

  it(`command: ${CASES} invalid commands are refused`, async () => {
    const arb = fc.oneof(
      fc.anything().filter((x) => !CommandEventSchema.safeParse(x).success),
      fc.record({ kind: fc.constant('write'), signal: notSignal, value: fc.anything(), reason }),
      fc.record({ kind: fc.constant('write'), signal: hidden, value: fc.anything(), reason }),
      fc.record({
        kind: fc.constant('write'),
        signal: setpoint,
        value: fc.oneof(outOfRange, wrongType),
        reason,
      }),
      fc.record({ kind: fc.constant('write'), signal: setpoint, value: fc.double({ min: 20, max: 40 }) }),
      fc.record({
        kind: fc.constant('write'),
        signal: fc.constantFrom('imm.mode', 'safety.loto_step'),
        value: fc.anything(),
        reason,
      }),
      fc.record({ kind: fc.constant('action'), action: fc.string({ maxLength: 30 }), args: fc.anything() }),
      fc.record({
        kind: fc.constant('action'),
        action: fc.constantFrom(
          'act.ppe',
          'act.loto_identify',
          'act.lock',
          'act.tag',
          'act.dissipate',
          'act.verify',
        ),
        args: badArgs,
      }),
      fc.record({
        kind: fc.constant('action'),
        action: fc.constantFrom('act.lock', 'act.unlock', 'act.estop_reset', 'act.diag'),
        args: fc.constant({}),
      }),
      fc.record({
        kind: fc.constant('action'),
        action: fc.constant('fault.canary_inject'),
        args: fc.constant({}),
      }),
      fc.record({
        kind: fc.constant('write'),
        signal: setpoint,
        value: fc.constant(45),
        reason,
        station: fc.constant('st2'),
      }),
    );
    await run('command', arb, 601);
  });

  it(`alarm.ack: ${CASES} invalid acknowledgements are refused`, async () => {
    const arb = fc.oneof(
      fc.anything().filter((x) => !AlarmAckEventSchema.safeParse(x).success),
      fc.record({
        equipment: fc.string({ minLength: 1, maxLength: 64 }),
        code: fc.string({ minLength: 1, maxLength: 64 }),
      }),
      fc.record({
        equipment: fc.constant('imm'),
        code: fc.constantFrom('ZONE1_DEV', 'ZONE2_DEV'),
        station: fc.constant('st2'),
      }),
    );
    await run('alarm.ack', arb, 602);
  });

  it(`view: ${CASES} invalid views are refused and never journaled`, async () => {
    const views = lab.running.lab.journal.read({ station: 'st1', types: ['view'] }).length;
    const arb = fc.oneof(
      fc.anything().filter((x) => !ViewEventSchema.safeParse(x).success),
      fc.record({
        screen: fc.string({ maxLength: 20 }).filter((x) => !(SCREENS as readonly string[]).includes(x)),
      }),
      fc.record({
        screen: fc.constant('trends'),
        signals: fc.array(fc.oneof(notSignal, hidden), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        screen: fc.constant('faceplate'),
        target: fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((s) => !['imm', 'mould', 'tcu1', 'safety'].includes(s)),
      }),
      fc.record({
        screen: fc.constant('overview'),
        from: fc.integer({ min: 1000, max: 2000 }),
        to: fc.integer({ min: 0, max: 999 }),
      }),
      fc.record({ screen: fc.constant('overview'), station: fc.constant('st2') }),
    );
    await run('view', arb, 603);
    expect(lab.running.lab.journal.read({ station: 'st1', types: ['view'] }).length).toBe(views);
  });

  it(`diagnosis.submit: ${CASES} invalid submissions are refused`, async () => {
    const valid = {
      symptoms: ['x'],
      rootCause: { equipment: 'barrel', component: 'z2_heater', failureMode: 'open_circuit' },
      evidence: [],
      explanation: 'x',
      corrective: 'x',
      preventive: '',
    };
    const arb = fc.oneof(
      fc.anything(),
      fc.record({ expectedVersion: fc.anything(), diagnosis: fc.anything() }),
      fc.record({ expectedVersion: fc.integer({ min: 1, max: 1000 }), diagnosis: fc.constant(valid) }),
      fc.record({
        expectedVersion: fc.constant(0),
        diagnosis: fc.record({
          ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, fc.constant(v)])),
          rootCause: fc.record({ equipment: fc.string(), component: fc.string(), failureMode: fc.string() }),
        }),
      }),
      fc.record({
        expectedVersion: fc.constant(0),
        diagnosis: fc.constant({ ...valid, evidence: [{ kind: 'signal', ref: 'imm.heater_health' }] }),
      }),
      fc.record({
        expectedVersion: fc.constant(0),
        diagnosis: fc.constant(valid),
        station: fc.constant('st2'),
      }),
    );
    await run('diagnosis.submit', arb, 604);
  });

  it(`resync and unknown events: ${CASES} each are refused`, async () => {
    await run(
      'resync',
      fc.anything().filter((x) => x !== undefined && x !== null && JSON.stringify(x) !== '{}'),
      605,
    );
    const names = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((n) => !['command', 'alarm.ack', 'view', 'diagnosis.submit', 'resync'].includes(n));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(names, fc.anything()), { minLength: BATCH, maxLength: BATCH }),
        async (ps) => {
          const acks = await Promise.all(ps.map(([n, p]) => c.ack(n, p, 10_000)));
          for (const a of acks) expect(a).toMatchObject({ ok: false, error: 'unknown_event' });
        },
      ),
      { numRuns: RUNS, seed: 606 },
    );
    // several payload arguments are refused too
    const extra = await c.socket.timeout(5000).emitWithAck('command', { kind: 'write' }, 'extra');
    expect(extra).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('left the station, alarms and diagnoses unchanged, and the process serving', async () => {
    // let every refused command reach its boundary
    await new Promise((r) => setTimeout(r, 100));
    expect(state()).toBe(before);
    const h = await fetch(`${lab.url}/api/health`);
    expect(h.status).toBe(200);
    const rt = ((await h.json()) as { queues: { realtime: Record<string, number> } }).queues.realtime;
    expect(rt.acks_ok).toBe(0);
    expect(rt.acks_error).toBeGreaterThanOrEqual(CASES * 6);
    expect(c.socket.connected).toBe(true);
  });
});
