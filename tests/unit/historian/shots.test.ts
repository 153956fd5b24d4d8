/** ShotRecord handling: curves apart from the summary, the trainer block hidden, flat fields for InfluxDB. */
import { describe, expect, it } from 'vitest';
import {
  curveVisible,
  flatFields,
  shotIdOf,
  splitRecord,
  visibleSummary,
} from '../../../simulator/adapters/historian/shots.ts';

const curve = Array.from({ length: 40 }, (_, i) => i / 2);

describe('shot records', () => {
  it('splits curves (numeric arrays longer than 32) from the summary, by dotted path', () => {
    const { summary, curves } = splitRecord({
      shot_id: 3,
      peak: 31.2,
      short: [1, 2, 3],
      cavity: { a: { Pmax: 30, p: curve } },
      screw: curve,
      trainer: { gap: 0.3 },
    });
    expect(summary).toEqual({
      shot_id: 3,
      peak: 31.2,
      short: [1, 2, 3],
      cavity: { a: { Pmax: 30 } },
      trainer: { gap: 0.3 },
    });
    expect([...curves.keys()]).toEqual(['cavity.a.p', 'screw']);
    expect(Array.from(curves.get('screw')!)).toEqual(curve);
  });

  it('hides the trainer block from candidates and the jury only', () => {
    const s = { a: 1, trainer: { gap: 0.3 } };
    expect(visibleSummary(s, ['operator', 'technician'])).toEqual({ a: 1 });
    expect(visibleSummary(s, ['observer'])).toEqual({ a: 1 });
    expect(visibleSummary(s, ['trainer'])).toEqual(s);
    expect(curveVisible('trainer.true_p', ['operator'])).toBe(false);
    expect(curveVisible('trainer.true_p', ['trainer'])).toBe(true);
    expect(curveVisible('curves.p', ['operator'])).toBe(true);
  });

  it('flattens scalars for InfluxDB without the trainer block or non-finite numbers', () => {
    expect(
      flatFields({
        a: 1,
        ok: true,
        lot: 'L1',
        nan: Number.NaN,
        arr: [1, 2],
        n: { m: 2 },
        cavity_pressure: [
          { sensor: 'cav1_gate', pmax: 38 },
          { sensor: 'cav1_eof', pmax: 25 },
        ],
        circuits: [{ id: 'A1', flow: 8 }, { x: 1 }],
        long: curve,
        trainer: { gap: 1 },
      }),
    ).toEqual({
      a: 1,
      ok: 1,
      lot: 'L1',
      'arr.0': 1,
      'arr.1': 2,
      'n.m': 2,
      'cavity_pressure.cav1_gate.pmax': 38,
      'cavity_pressure.cav1_eof.pmax': 25,
      'circuits.A1.flow': 8,
      'circuits.1.x': 1,
    });
  });

  it('reads the record id when there is a usable one', () => {
    expect(shotIdOf({ shot_id: 12 })).toBe(12);
    expect(shotIdOf({ shotId: 'S-1' })).toBe('S-1');
    expect(shotIdOf({ shot_id: { x: 1 } })).toBeNull();
  });
});
