/**
 * Every exercise file of the repository runs on the engine: its timeline, instantiated for several seeds
 * and stations (per-candidate variants, EI-3), is accepted as `fault.schedule` commands, becomes active at
 * its onset, and is journaled with the exercise, item, option and component the scorer reads.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instantiateExercise } from '../../../exercises/instantiate.ts';
import { loadExerciseFile } from '../../../exercises/loader.ts';
import { FaultPayloadSchema } from '../../../scoring/journal-model.ts';
import { timelineCommands } from '../../../simulator/faults/exercise.ts';
import { action, faultCell, run, TRAINER } from '../../helpers/fault-cell.ts';

const DIR = join(import.meta.dirname, '../../../exercises');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('exercise timelines on the engine', () => {
  it('finds the exercise files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(`${file}: the items of three candidates are accepted; the first candidate's become active and are journaled`, () => {
      const { exercise } = loadExerciseFile(join(DIR, file));
      for (const [seed, station] of [
        [1, 'st1'],
        [7, 'st2'],
        [42, 'st3'],
      ] as const) {
        const drawn = instantiateExercise(exercise, seed, station);
        // the first candidate's onsets compressed into the first minute (the mapping is what is checked)
        const inst =
          seed === 1
            ? { ...drawn, faults: drawn.faults.map((f) => ({ ...f, onset_s: f.onset_s % 60 })) }
            : drawn;
        const hotRunner = exercise.setup.options.hot_runner || exercise.setup.job === 'R-PP-HR';
        const c = faultCell({ material: exercise.setup.material, ...(hotRunner ? { hotRunner: true } : {}) });
        for (const input of timelineCommands(exercise.id, inst.faults, 0)) {
          const r = action(
            c.st,
            TRAINER,
            input.kind === 'action' ? input.action : '',
            input.kind === 'action' ? input.args : {},
          );
          expect(r.status, `${file} ${seed}/${station}: ${r.rejection?.message}`).toBe('accepted');
        }
        if (seed !== 1) continue;
        const last = Math.max(...inst.faults.map((f) => f.onset_s));
        run(c.st, last + 1);
        expect(c.engine.list().every((f) => f.state === 'active')).toBe(true);
        const injected = c.journal.filter(
          (e) => e.type === 'fault' && (e.payload as { action: string }).action === 'inject',
        );
        expect(injected).toHaveLength(inst.faults.length);
        for (const e of injected) {
          const p = FaultPayloadSchema.parse(e.payload);
          const f = inst.faults.find((x) => x.item === p.item)!;
          expect(p).toMatchObject({
            exercise: exercise.id,
            id: f.item,
            component: f.component,
            source: 'timeline',
          });
          expect(p.onset_t).toBe(f.onset_s * 1000);
        }
      }
    });
  }
});
