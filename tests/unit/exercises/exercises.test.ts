/**
 * The exercise files of `exercises/`: all valid against the schema and the cross-reference pass, covering
 * the faults issue 8 asks for, with the content a trainer needs; the signal catalogue they are checked
 * against is the cell's, up to date.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellSignalCatalogue } from '../../../exercises/catalogue.ts';
import { instantiateExercise, resolveExercise } from '../../../exercises/instantiate.ts';
import { loadExerciseDir, parseExercise } from '../../../exercises/loader.ts';
import { varsIn } from '../../../exercises/template.ts';
import { CELL_SIGNALS_FILE, cellSignalsNow } from '../../../exercises/tools/cell-signals.ts';
import { EXERCISES_DIR } from '../../helpers/transcript-personas.ts';

const files = readdirSync(EXERCISES_DIR).filter((f) => f.endsWith('.yaml'));
const loaded = loadExerciseDir(EXERCISES_DIR);

describe('exercise files', () => {
  it('are all valid (every sample accepted)', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const e of loaded) expect(e.result.ok ? [] : e.result.issues, e.file).toEqual([]);
  });

  it('cover the faults of issue 8, the four blocks and two combined exercises', () => {
    const exercises = loaded.map((e) => (e.result.ok ? e.result.exercise : null)).filter((x) => x !== null);
    const single = new Set(exercises.filter((x) => x.timeline.length === 1).map((x) => x.timeline[0]!.fault));
    for (const f of [
      'F01',
      'F02',
      'F03',
      'F07',
      'F06',
      'F04',
      'F19',
      'F14',
      'F12',
      'F20',
      'F15',
      'F16',
      'F17',
      'F18',
      'F22',
      'F23',
    ]) {
      expect(single, f).toContain(f);
    }
    const combined = exercises
      .filter((x) => x.timeline.length > 1)
      .map((x) =>
        x.timeline
          .map((t) => t.fault)
          .sort()
          .join('+'),
      );
    expect(combined).toEqual(expect.arrayContaining(['F04+F22', 'F01+F25']));
    expect(new Set(exercises.map((x) => x.certification))).toEqual(
      new Set(['pilotage', 'outillage', 'robotique', 'data_cyber']),
    );
    expect(exercises.find((x) => x.timeline[0]!.fault === 'F06')!.setup.material).toBe('PA6');
  });

  it('give every candidate a concrete, fully resolved timeline and expectations', () => {
    for (const e of loaded) {
      if (!e.result.ok) continue;
      const ex = e.result.exercise;
      for (const station of ['st1', 'st2', 'st3', 'st4', 'st5', 'st6']) {
        const inst = instantiateExercise(ex, 7, station);
        expect(inst.faults).toHaveLength(ex.timeline.length);
        for (const f of inst.faults) {
          expect(f.onset_s).toBeLessThan(ex.duration_min * 60);
          expect(f.component).not.toContain('{');
        }
        const resolved = JSON.stringify(resolveExercise(ex, inst.vars).expected);
        expect(varsIn(resolved), `${e.file} ${station}`).toEqual([]);
      }
    }
  });

  it('carry trainer notes, debrief questions, distractors and forbidden actions in French and English', () => {
    for (const e of loaded) {
      if (!e.result.ok) continue;
      const ex = e.result.exercise;
      expect(ex.trainer_notes.fr.length).toBeGreaterThan(50);
      expect(ex.trainer_notes.en.length).toBeGreaterThan(50);
      expect(ex.debrief.length).toBeGreaterThanOrEqual(2);
      expect(ex.distractors.length + ex.forbidden.length).toBeGreaterThan(0);
      expect(ex.expected.evidence.minimum.length).toBeGreaterThanOrEqual(2);
      expect(ex.safety.sequence.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('load byte for byte the same with the same SHA-256', () => {
    const f = join(EXERCISES_DIR, files[0]!);
    const a = parseExercise(readFileSync(f), f);
    const b = parseExercise(readFileSync(f, 'utf8'), f);
    expect(a.ok && b.ok && a.sha256 === b.sha256).toBe(true);
  });

  it('are checked against the cell signal catalogue, which is up to date with the cell', () => {
    expect(cellSignalsNow()).toBe(readFileSync(CELL_SIGNALS_FILE, 'utf8'));
    const cat = cellSignalCatalogue();
    expect(cat.has('imm.zone2.temp_sp')).toBe(true);
    // trainer-only signals are not in it: an exercise cannot ask a candidate to look at them
    expect(cat.has('imm.zone2.temp_true')).toBe(false);
  });
});
