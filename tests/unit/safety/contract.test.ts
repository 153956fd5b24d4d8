/**
 * One vocabulary for the HMI, the journal and the scorer: every gesture the scorer knows is an action of
 * the station with exactly the scorer's argument schema, every step of the HMI's guided procedures exists,
 * and the fault engine's journal payload is the scorer's.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROCEDURES } from '../../../hmi/src/model/procedures.ts';
import { GESTURES, FaultPayloadSchema as ScorerFault } from '../../../scoring/journal-model.ts';
import { FaultPayloadSchema } from '../../../simulator/faults/schemas.ts';
import { GESTURE_ARGS } from '../../../simulator/safety/gesture-args.ts';
import { CANDIDATE, faultCell } from '../../helpers/fault-cell.ts';

const json = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any' });

describe('gesture and fault vocabulary', () => {
  it('registers every gesture of the scorer with its exact argument schema, visible to a candidate', () => {
    const { st } = faultCell();
    const names = st.actionNames(CANDIDATE);
    for (const [name, g] of Object.entries(GESTURES)) {
      expect(names, name).toContain(name);
      expect(json(st.action(name)!.args), name).toEqual(json(g.args));
      expect(GESTURE_ARGS[name as keyof typeof GESTURE_ARGS].en).toBe(g.en);
    }
    expect(Object.keys(GESTURE_ARGS).sort()).toEqual(Object.keys(GESTURES).sort());
  });

  it('offers every step of the HMI’s guided procedures', () => {
    const { st } = faultCell();
    for (const p of PROCEDURES)
      for (const step of p.steps) expect(st.action(step), `${p.id}: ${step}`).toBeDefined();
  });

  it('writes the fault payload the scorer reads', () => {
    expect(json(FaultPayloadSchema)).toEqual(json(ScorerFault));
  });
});
