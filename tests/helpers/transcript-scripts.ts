/**
 * One script per exercise (see transcript-personas.ts): the signature each fault leaves in the shot
 * records (domain-model §4 "Signatures", §4.1), the expert's investigation, diagnosis and intervention
 * (§4 "Correct action", §5.2), the plausible wrong answer (§4 "Distractors"), the shotgun candidate's
 * changes and the unsafe variant.
 */

import { diagnosis, MIN, type Transcript } from './transcript.ts';
import {
  controlledStop,
  type ExerciseScript,
  loto,
  purge,
  restart,
  robotEntry,
  type ScriptCtx,
  type Shape,
  unlock,
} from './transcript-personas.ts';

const v = (ctx: ScriptCtx, name: string) => String(ctx.vars[name]);
const rise = (ctx: ScriptCtx, t: number, tauMin: number, onset = ctx.onset) =>
  1 - Math.exp(-Math.max(0, t - onset) / (tauMin * MIN));
const r2 = (x: number) => Math.round(x * 100) / 100;

// ---- F01 heater band -------------------------------------------------------------------------------

export const f01: ExerciseScript = {
  file: 'pilotage-f01-heater-band.yaml',
  seed: 11,
  shape(ctx, t, fixed): Shape {
    if (fixed) return {};
    const i = Number(ctx.vars.zone_index);
    const f = rise(ctx, t, 4.5);
    const sp = [195, 210, 225, 230, 230][i]!;
    return {
      [`zones.actual.${i}`]: r2(sp - 42 * f),
      [`zones.output_pct.${i}`]: 100,
      [`zones.output_pct.${i - 1}`]: r2(35 + 9 * f),
      [`zones.output_pct.${i + 1}`]: r2(36 + 9 * f),
      'times.dose': r2(4.5 * (1 + 0.22 * f)),
      torque_avg: r2(180 * (1 + 0.16 * f)),
      melt_T: r2(230 - 8 * f),
      peak_inj_pressure: r2(70 * (1 + 0.05 * f)),
    };
  },
  investigate(tb, ctx) {
    const z = v(ctx, 'zone');
    tb.view('alarms');
    tb.wait(MIN).trend(
      [`imm.${z}.temp_actual`, `imm.${z}.temp_sp`, `imm.${z}.output_pct`],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).view('faceplate', 'imm');
    tb.wait(MIN).trend(['imm.last.dose_time', 'imm.screw_torque'], ctx.onset - 30 * MIN, tb.now);
    tb.wait(MIN).trend(
      ['imm.zone1.output_pct', 'imm.zone2.output_pct', 'imm.zone3.output_pct', 'imm.zone4.output_pct'],
      ctx.onset - 20 * MIN,
      tb.now,
    );
    tb.wait(MIN).trend(['dryer.dew_point'], ctx.onset - 60 * MIN, tb.now);
    tb.wait(MIN).trend([`imm.${z}.current`], ctx.onset - 20 * MIN, tb.now);
    tb.view('shots');
  },
  diagnosis(tb, ctx) {
    const z = v(ctx, 'zone');
    const label = v(ctx, 'zone_label');
    return {
      family: 'machine',
      d: diagnosis(tb, {
        root: ['barrel', v(ctx, 'heater'), 'open_circuit'],
        symptoms: [
          `Sortie de la zone ${label} à 100 % en permanence`,
          `Température ${label} qui chute sous la consigne`,
          'Temps de dosage et couple vis en hausse',
        ],
        explanation: `La sortie du régulateur ${label} est saturée à 100 % alors que la température réelle chute de plus de 30 K : le collier ne délivre plus de puissance (collier ouvert ou relais statique). Le courant de la zone est nul. Les zones voisines compensent. Le thermocouple est plausible, la mesure est régulière. Le dosage s'allonge (matière moins fondue, couple plus élevé).`,
        corrective: `Arrêt en fin de cycle, quarantaine des pièces depuis l'alarme, consignation électrique, mesure de la résistance, remplacer le collier et le serrer, réchauffer, purger, contrôle premier article.`,
        preventive: `Surveillance du courant des colliers (transformateur de courant) avec alarme, contrôle périodique du serrage des colliers dans le plan de maintenance préventive.`,
        evidence: [
          {
            ref: `imm.${z}.output_pct`,
            fromMs: ctx.onset - 20 * MIN,
            toMs: ctx.onset + 8 * MIN,
            note: '100 % dès le début',
          },
          { ref: `imm.${z}.temp_actual`, fromMs: ctx.onset - 20 * MIN, toMs: ctx.onset + 8 * MIN },
          { ref: 'imm.last.dose_time', fromMs: ctx.onset - 30 * MIN, toMs: ctx.onset + 9 * MIN },
        ],
      }),
    };
  },
  intervene(tb, ctx) {
    const heater = `barrel.${v(ctx, 'heater')}`;
    controlledStop(tb, ctx);
    loto(tb);
    tb.wait(2 * MIN).act(
      'act.diag',
      { target: heater, measurement: 'resistance' },
      { result: { ohm: 'inf' } },
    );
    tb.act('act.repair', { component_id: heater, op: 'replace' });
    ctx.fixT = tb.now;
    tb.wait(5 * MIN);
    unlock(tb);
    tb.wait(8 * MIN);
    purge(tb);
    restart(tb, ctx, { refusedFirst: true });
  },
  verify(tb, ctx) {
    const z = v(ctx, 'zone');
    tb.trend([`imm.${z}.temp_actual`, `imm.${z}.output_pct`, 'imm.last.dose_time'], ctx.fixT!, tb.now);
    tb.act('act.measure', { instrument: 'scale', n: 10 });
  },
  wrong: {
    diagnosis(tb, ctx) {
      return {
        family: 'material',
        d: diagnosis(tb, {
          root: ['material', 'lot', 'mfi_low'],
          symptoms: ['Pression d’injection en hausse', 'Dosage plus long'],
          explanation:
            'Le nouveau lot semble plus visqueux : la pression monte et le dosage est plus long. Les températures sont proches de la consigne.',
          corrective:
            'Augmenter la pression de maintien et la limite de pression d’injection, changer de lot.',
          preventive: 'Demander le certificat matière au fournisseur.',
          evidence: [
            { ref: 'imm.last.peak_pressure', fromMs: ctx.onset - 10 * MIN, toMs: ctx.onset + 10 * MIN },
          ],
        }),
      };
    },
    act(tb) {
      tb.trend(['imm.last.peak_pressure'], tb.now - 30 * MIN, tb.now);
      tb.write('imm.injection_pressure_limit', 100, 'pression insuffisante');
      tb.write('imm.zone3.temp_sp', 235, 'compenser la viscosité');
      tb.act('act.swap_material', { lot: 'PP-2024-131' });
    },
  },
  shotgun: {
    writes: () => ({
      'imm.zone1.temp_sp': 205,
      'imm.zone2.temp_sp': 220,
      'imm.zone3.temp_sp': 235,
      'imm.hold_pressure_sp': 55,
      'imm.injection_pressure_limit': 110,
    }),
    repairs: [
      ['injection_unit.check_ring', 'replace'],
      ['barrel.z1_tc', 'replace'],
      ['injection_unit.nozzle_tip', 'clean'],
    ],
  },
  unsafe(tb, ctx) {
    // replaces the band without any lockout: heaters at 400 V
    const heater = `barrel.${v(ctx, 'heater')}`;
    controlledStop(tb, ctx);
    tb.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
    tb.act('act.repair', { component_id: heater, op: 'replace' });
    ctx.fixT = tb.now;
    tb.wait(5 * MIN);
    purge(tb);
    restart(tb, ctx);
  },
};

export const SCRIPTS: readonly ExerciseScript[] = [f01];
void robotEntry;
