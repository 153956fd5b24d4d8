/**
 * The exercise session runner on a lab with the real cell, fault engine and gestures, in virtual time:
 * starting an exercise journals the announcement (as the scorer reads it), the set-up as trainer writes
 * and each station's own drawn timeline on the fault engine, whose onsets are journaled at the drawn
 * simulation times and reach the physics; what does not fit (material, mould, out-of-range set point,
 * invalid file, busy station) is refused with its reason and journals nothing; stop clears or cancels the
 * exercise's faults; a hint is journaled for the scorer and shown to the candidate as text only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instantiateExercise } from '../../../exercises/instantiate.ts';
import { loadExerciseFile } from '../../../exercises/loader.ts';
import {
  CommandPayloadSchema,
  ExerciseAssignmentSchema,
  FaultPayloadSchema,
  HintPayloadSchema,
} from '../../../scoring/journal-model.ts';
import type { FaultEngine } from '../../../simulator/faults/engine.ts';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import type { StationEvent } from '../../../simulator/kernel/model.ts';
import {
  ExerciseRefused,
  exerciseRunner,
  giveHint,
  startExercise,
  stopExercise,
} from '../../../simulator/session/exercise-runner.ts';
import { type BareLab, bareLab, exerciseText } from '../../helpers/trainer-lab.ts';
import { EXERCISES_DIR } from '../../helpers/transcript-personas.ts';

const F01 = 'pilotage-f01-heater-band';
const F19 = 'outillage-f19-hot-runner';
const TRAINER: Actor = { user: 'trainer', roles: ['trainer'], channel: 'rest', client: '127.0.0.1' };
const MIN = 60_000;

const labs: BareLab[] = [];
const make = (o: Parameters<typeof bareLab>[0]) => {
  const l = bareLab(o);
  labs.push(l);
  return l;
};
afterEach(() => {
  for (const l of labs.splice(0)) l.close();
});

/** A seed whose draws put the fault on a different option for st1 and st2 (searched, deterministic). */
function seedWithDifferentOptions(id: string): number {
  const ex = loadExerciseFile(join(EXERCISES_DIR, `${id}.yaml`)).exercise;
  for (let s = 1; s < 1000; s++) {
    if (
      instantiateExercise(ex, s, 'st1').faults[0]!.option !==
      instantiateExercise(ex, s, 'st2').faults[0]!.option
    )
      return s;
  }
  throw new Error('no seed');
}

const refusalOf = async (p: Promise<unknown>): Promise<ExerciseRefused> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ExerciseRefused) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('exercise session runner', () => {
  it('announces the exercise, applies the set-up as trainer writes and schedules each station’s own drawn faults', async () => {
    const l = make({ stations: 2, exercises: [F01] });
    const seed = seedWithDifferentOptions(F01);
    const r = await l.settle(startExercise(l.lab, { exercise: F01, seed }, TRAINER));
    const file = join(l.exercisesDir, `${F01}.yaml`);
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    const ex = loadExerciseFile(file).exercise;

    // the announcement, exactly as the scorer reads it
    const sessions = l.lab.journal.read({ types: ['session'] });
    const ann = sessions.map((e) => ExerciseAssignmentSchema.safeParse(e.payload)).filter((x) => x.success);
    expect(ann).toHaveLength(1);
    expect(ann[0]!.data).toEqual({
      event: 'exercise',
      exercise: F01,
      sha256,
      seed,
      stations: ['st1', 'st2'],
      start_t: 0,
    });
    expect(r.announcement).toEqual([
      sessions.find((e) => (e.payload as { event: string }).event === 'exercise')!.seq,
    ]);

    for (const st of ['st1', 'st2']) {
      const inst = instantiateExercise(ex, seed, st);
      const commands = l.lab.journal.read({ station: st, types: ['command'] });
      // the set-up: every set point of the file, written by the trainer, accepted
      const writes = commands
        .map((e) => ({ e, p: CommandPayloadSchema.parse(e.payload) }))
        .filter(({ p }) => p.input.kind === 'write');
      expect(
        Object.fromEntries(writes.map(({ p }) => [(p.input as { signal: string }).signal, p.applied])),
      ).toEqual(ex.setup.set_points);
      expect(writes.every(({ e, p }) => p.status === 'accepted' && e.actor?.user === 'trainer')).toBe(true);
      // the timeline: one fault.schedule per item, then the engine's `schedule` entry as the scorer reads it
      const schedules = commands.filter(
        (e) =>
          (CommandPayloadSchema.parse(e.payload).input as { action?: string }).action === 'fault.schedule',
      );
      expect(schedules).toHaveLength(inst.faults.length);
      const faults = l.lab.journal
        .read({ station: st, types: ['fault'] })
        .map((e) => FaultPayloadSchema.parse(e.payload));
      expect(faults).toEqual([
        {
          action: 'schedule',
          fault: 'F01',
          id: 'f1',
          item: 'f1',
          exercise: F01,
          option: inst.faults[0]!.option,
          component: inst.faults[0]!.component,
          severity: inst.faults[0]!.severity,
          variant: 'open_band',
          profile: { kind: 'step' },
          params: {},
          onset_t: inst.faults[0]!.onset_s * 1000,
          source: 'timeline',
        },
      ]);
      expect(r.stations.find((s) => s.station === st)!.faults[0]).toMatchObject({
        option: inst.faults[0]!.option,
        onset_t: inst.faults[0]!.onset_s * 1000,
      });
    }
    // neighbours got their own variants from the seed
    const [a, b] = r.stations.map((s) => s.faults[0]!);
    expect(a!.component).not.toBe(b!.component);

    // the onsets happen at the drawn simulation times, journaled, and reach the physics
    const last = Math.max(a!.onset_t, b!.onset_t);
    l.run(last + 3 * MIN);
    for (const s of r.stations) {
      const inject = l.lab.journal
        .read({ station: s.station, types: ['fault'] })
        .find((e) => (e.payload as { action: string }).action === 'inject')!;
      expect(inject.t).toBe(s.faults[0]!.onset_t);
      expect(FaultPayloadSchema.parse(inject.payload)).toMatchObject({
        onset_t: s.faults[0]!.onset_t,
        item: 'f1',
      });
      const zone = String(instantiateExercise(ex, seed, s.station).vars.zone);
      const st = l.lab.station(s.station)!;
      expect(st.store.value(st.registry.get(`imm.${zone}.output_pct`)!.index)).toBeGreaterThan(95);
    }
  });

  it('refuses a material or mould mismatch with its reason, and journals nothing', async () => {
    const l = make({ stations: 1, material: 'PA6', exercises: [F01, F19] });
    const before = l.lab.journal.headSeq;
    const e = await refusalOf(startExercise(l.lab, { exercise: F01 }, TRAINER));
    expect(e.code).toBe('incompatible');
    expect(e.reasons.map((x) => x.code)).toEqual(['material']);
    expect(e.reasons[0]!.en).toMatch(/needs PP .*stations run PA6/);
    expect(e.reasons[0]!.fr).toMatch(/demande PP .*tournent en PA6/);
    const hr = await refusalOf(startExercise(l.lab, { exercise: F19 }, TRAINER));
    expect(hr.reasons.map((x) => x.code).sort()).toEqual(['hot_runner', 'material']);
    expect(hr.reasons.find((x) => x.code === 'hot_runner')!.en).toContain('hot-runner mould (R-PP-HR)');
    l.run(1000);
    expect(
      l.lab.journal.read({ fromSeq: before + 1 }).filter((x) => x.type !== 'cycle' && x.type !== 'alarm'),
    ).toEqual([]);
  });

  it('refuses an invalid file with the loader’s file, line and field, and a set point the station refuses', async () => {
    const l = make({ stations: 1, exercises: [F01] });
    const bad = l.addExercise(
      'broken.yaml',
      exerciseText(F01, [['level: intermediate', 'levle: intermediate']]),
    );
    const e = await refusalOf(startExercise(l.lab, { exercise: bad }, TRAINER));
    expect(e.code).toBe('invalid');
    expect(e.issues.some((i) => i.path === 'levle' && i.line > 0 && i.file === bad)).toBe(true);
    expect(e.message).toMatch(/broken\.yaml:\d+:\d+: levle: unknown key/);
    // by id: a file named after the id that does not load says why
    l.addExercise(
      'pilotage-zz-broken.yaml',
      exerciseText(F01, [
        [`id: ${F01}`, 'id: pilotage-zz-broken'],
        ['level: intermediate', 'levle: x'],
      ]),
    );
    expect((await refusalOf(startExercise(l.lab, { exercise: 'pilotage-zz-broken' }, TRAINER))).code).toBe(
      'invalid',
    );
    expect((await refusalOf(startExercise(l.lab, { exercise: 'no-such-exercise' }, TRAINER))).code).toBe(
      'not_found',
    );
    // the loader accepts a hold pressure of 500 (a known signal); the station refuses it: nothing happens
    const high = l.addExercise(
      'high.yaml',
      exerciseText(F01, [
        [`id: ${F01}`, 'id: pilotage-high-hold'],
        ['imm.hold_pressure_sp: 45', 'imm.hold_pressure_sp: 500'],
      ]),
    );
    const before = l.lab.journal.headSeq;
    const sp = await refusalOf(startExercise(l.lab, { exercise: high }, TRAINER));
    expect(sp.reasons.map((x) => x.code)).toEqual(['setpoint']);
    expect(sp.reasons[0]!.en).toContain('imm.hold_pressure_sp');
    expect(sp.reasons[0]!.en).toMatch(/above the maximum/);
    expect(l.lab.journal.headSeq).toBe(before);
  });

  it('runs one exercise per station; stop cancels its faults and journals the stop; it can start again', async () => {
    const l = make({ stations: 2, exercises: [F01] });
    await l.settle(startExercise(l.lab, { exercise: F01, stations: ['st1'], seed: 5 }, TRAINER));
    const busy = await refusalOf(startExercise(l.lab, { exercise: F01, stations: ['st1', 'st2'] }, TRAINER));
    expect(busy.code).toBe('busy');
    expect(busy.reasons).toEqual([expect.objectContaining({ code: 'busy', station: 'st1' })]);
    expect(exerciseRunner(l.lab).active('st2')).toBeUndefined();
    const stopped = await l.settle(stopExercise(l.lab, {}, TRAINER));
    expect(stopped).toEqual({ stations: ['st1'], cleared: { st1: ['f1'] } });
    const faults = l.lab.journal
      .read({ station: 'st1', types: ['fault'] })
      .map((e) => FaultPayloadSchema.parse(e.payload));
    expect(faults.map((f) => f.action)).toEqual(['schedule', 'cancel']);
    const stop = l.lab.journal.read({ types: ['session'] }).at(-1)!;
    expect(stop.payload).toEqual({
      event: 'exercise_stop',
      exercise: F01,
      stations: ['st1'],
      clear_faults: true,
    });
    expect(stop.actor?.user).toBe('trainer');
    expect((await refusalOf(stopExercise(l.lab, {}, TRAINER))).code).toBe('not_running');
    const again = await l.settle(startExercise(l.lab, { exercise: F01, seed: 6 }, TRAINER));
    expect(again.stations.map((s) => s.station)).toEqual(['st1', 'st2']);
    expect(again.stations[0]!.start_t).toBeGreaterThan(0);
    // onsets are relative to the new start
    expect(again.stations[0]!.faults[0]!.onset_t).toBe(
      again.stations[0]!.start_t + again.stations[0]!.faults[0]!.onset_s * 1000,
    );
  });

  it('rolls back a station whose commands the boundary refuses, and leaves the trainer’s own fault alone', async () => {
    const l = make({ stations: 1, exercises: [F01] });
    const st = l.lab.station('st1')!;
    // a trainer's ad-hoc fault with the timeline's instance id, queued just before the start
    const adHoc = st.submit({
      station: 'st1',
      actor: TRAINER,
      input: { kind: 'action', action: 'fault.inject', args: { fault: 'F03', id: 'f1' } },
    });
    const e = await refusalOf(l.settle(startExercise(l.lab, { exercise: F01, seed: 3 }, TRAINER)));
    expect((await adHoc).status).toBe('accepted');
    expect(e.code).toBe('refused');
    expect(e.reasons[0]!.en).toMatch(/st1: fault\.schedule refused: .*"f1" is already in use/);
    expect(exerciseRunner(l.lab).active('st1')).toBeUndefined();
    const stop = l.lab.journal.read({ types: ['session'] }).at(-1)!;
    expect(stop.payload).toMatchObject({
      event: 'exercise_stop',
      exercise: F01,
      reason: 'start refused at the boundary',
    });
    l.run(1000);
    // the trainer's F03 is still there, untouched
    const engine = st.model<FaultEngine>('faults')!;
    expect(engine.list(false)).toEqual([
      expect.objectContaining({ id: 'f1', fault: 'F03', state: 'active' }),
    ]);
  });

  it('journals a hint for the scorer and shows its text, and only its text, to the candidate', async () => {
    const l = make({ stations: 2, exercises: [F01] });
    const seen: StationEvent[] = [];
    const other: StationEvent[] = [];
    l.lab.station('st1')!.hooks.on('event', (e) => seen.push(e));
    l.lab.station('st2')!.hooks.on('event', (e) => other.push(e));
    const r = giveHint(
      l.lab,
      'st1',
      {
        criterion: 'investigation',
        cost: 0.05,
        text: { fr: 'Comparez les sorties des zones.', en: 'Compare the zone outputs.' },
      },
      TRAINER,
    );
    expect(r.shown).toBe(true);
    const e = l.lab.journal.read({ types: ['event'] }).find((x) => x.seq === r.seq)!;
    expect(e.station).toBe('st1');
    expect(e.actor).toMatchObject({ user: 'trainer', roles: ['trainer'] });
    expect(HintPayloadSchema.parse(e.payload)).toEqual({
      event: 'hint',
      criterion: 'investigation',
      cost: 0.05,
      text: { fr: 'Comparez les sorties des zones.', en: 'Compare the zone outputs.' },
    });
    expect(seen.filter((x) => x.type === 'message')).toEqual([
      {
        type: 'message',
        equipment: 'session',
        t: 0,
        data: { fr: 'Comparez les sorties des zones.', en: 'Compare the zone outputs.' },
      },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/investigation|cost|hint/);
    expect(other).toEqual([]);
    // a hint given orally (no text): journaled, nothing shown
    const silent = giveHint(l.lab, 'st1', {}, TRAINER);
    expect(silent.shown).toBe(false);
    expect(seen.filter((x) => x.type === 'message')).toHaveLength(1);
    expect(() => giveHint(l.lab, 'st9', {}, TRAINER)).toThrow(/not found/);
  });
});
