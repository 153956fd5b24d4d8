/**
 * Diagnostic measurements of `act.diag` (domain-model §5.2 K "Confirming diagnosis"): what an instrument
 * reads on the real component — the physical state of the models, including their fault surfaces (a
 * heater's resistance, a ring's repeatability, a circuit's flow), never the fault list itself. A healthy
 * component reads healthy values, whatever was injected elsewhere.
 */

import { HR_P } from '../cell/hotrunner.ts';
import { ZONE_P } from '../cell/imm/barrel.ts';
import { AS_CM3_PER_MM, MATERIALS } from '../cell/materials.ts';
import { CIRCUITS } from '../cell/mould.ts';
import { reynolds } from '../cell/physics/heat-transfer.ts';
import type { ShotRecord } from '../cell/shot-record.ts';
import type { SignalRegistry } from '../kernel/registry.ts';
import type { RandomStream } from '../kernel/rng.ts';
import { Quality, qualityName } from '../kernel/signal-schema.ts';
import type { SignalStore } from '../kernel/signal-store.ts';
import { tcuModelOf } from './catalogue/thermal.ts';
import type { Cell } from './cell-access.ts';
import type { FaultInstance, Localized } from './types.ts';

export type DiagValue = number | string | boolean | null | undefined;

export interface DiagResult {
  readonly target: string;
  readonly measurement: string;
  readonly values: Readonly<Record<string, DiagValue>>;
  readonly text: Localized;
}

/** An accepted write as the controller's audit log keeps it (EUROMAP 77 logbook, OPC UA audit). */
export interface AuditEntry {
  readonly t: number;
  readonly user: string;
  readonly channel: string;
  readonly client?: string;
  readonly signal: string;
  readonly old?: number | boolean | string;
  readonly new?: number | boolean | string;
  readonly reason?: string;
}

export interface DatasetInfo {
  readonly checksum: string;
  readonly imm_hash: string;
  readonly active_checksum: string;
  readonly active_imm_hash: string;
  readonly diff: readonly { signal: string; validated: number; active: number }[];
}

export interface DiagContext {
  readonly cell: Cell;
  readonly store: SignalStore;
  readonly registry: SignalRegistry;
  readonly rng: RandomStream;
  /** simulation seconds */
  readonly t: number;
  /** recent shot records, oldest first */
  readonly shots: readonly ShotRecord[];
  readonly audit: readonly AuditEntry[];
  readonly dataset: DatasetInfo;
  /** active fault instances (only F07 needs one: the certificate of analysis of the delivered lot) */
  readonly faults: readonly FaultInstance[];
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const t = (fr: string, en: string): Localized => ({ fr, en });
const val = (c: DiagContext, key: string): number => {
  const s = c.registry.get(key);
  return s ? c.store.get(s.index) : Number.NaN;
};
const last = (c: DiagContext): ShotRecord | undefined => c.shots[c.shots.length - 1];

const ZONE_RE = /^barrel\.(z([1-4])|nozzle)_(heater|tc)$/;
const zoneIndex = (target: string): number => {
  const m = ZONE_RE.exec(target);
  return m ? (m[2] ? Number(m[2]) - 1 : 4) : 0;
};
const DROP = ['manifold', 'drop_a', 'drop_b'];

type Measure = (c: DiagContext, target: string) => Omit<DiagResult, 'target' | 'measurement'>;

const MEASURES: Record<string, Measure> = {
  resistance(c, target) {
    const i = zoneIndex(target);
    const h = c.cell.imm?.faults.heaterHealth[i] ?? 1;
    const r0 = (400 * 400) / ZONE_P[i]!;
    if (h < 0.02)
      return {
        values: { ohm: null, open: true },
        text: t('Résistance : ∞ (circuit ouvert)', 'Resistance: ∞ (open circuit)'),
      };
    const ohm = r1((r0 / h) * (1 + 0.01 * c.rng.gaussian()));
    return {
      values: { ohm, expected_ohm: r1(r0), open: false },
      text: t(`Résistance : ${ohm} Ω (attendu ${r1(r0)} Ω)`, `Resistance: ${ohm} Ω (expected ${r1(r0)} Ω)`),
    };
  },
  reference_probe(c, target) {
    const i = zoneIndex(target);
    const imm = c.cell.imm!;
    const z = i + 1;
    const reading = val(c, `imm.zone${z}.temp_actual`);
    const ref = r1(imm.s.barrel.zones[i]!.t + 0.3 * c.rng.gaussian());
    return {
      values: { reading: r1(reading), reference: ref, difference: r1(reading - ref) },
      text: t(
        `Zone ${z} : affichée ${r1(reading)} °C, sonde de référence ${ref} °C (écart ${r1(reading - ref)} K)`,
        `Zone ${z}: displayed ${r1(reading)} °C, reference probe ${ref} °C (difference ${r1(reading - ref)} K)`,
      ),
    };
  },
  repeatability_test(c) {
    // 10 fill-only short shots (§3.4.2, [S3]): delivered volume = fill stroke − closing volume − fill leak
    const imm = c.cell.imm!;
    const cr = imm.faults.checkRing;
    const vFill = Math.max(1, imm.sp('shot_size_sp') - imm.sp('transfer_position_sp')) * AS_CM3_PER_MM;
    const leak = 0.7 * (cr.deltaMm / 0.16) ** 3;
    const w: number[] = [];
    for (let k = 0; k < 10; k++) {
      let vc = cr.vCloseCm3 * Math.max(0.2, 1 + cr.sigmaCr * c.rng.gaussian());
      if (cr.pFly > 0 && c.rng.chance(cr.pFly)) vc *= c.rng.uniform(3, 5);
      const v = (vFill - vc - leak * (1 + 0.3 * c.rng.gaussian())) * (1 + 0.0013 * c.rng.gaussian());
      w.push(v);
    }
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const pct = r2((100 * (Math.max(...w) - Math.min(...w))) / mean);
    const verdict = pct > 3 ? 'replace' : pct > 1 ? 'watch' : 'ok';
    return {
      values: { shots: 10, range_pct: pct, verdict },
      text: t(
        `Test de répétabilité (10 injections partielles) : (max − min)/moyenne = ${pct} % (> 3–4 % : remplacer ; < 1 % : bon)`,
        `Repeatability test (10 fill-only short shots): (max − min)/mean = ${pct} % (> 3–4 %: replace; < 1 %: good)`,
      ),
    };
  },
  flow_dt(c, target) {
    const m = c.cell.mould!;
    const id = /circuit_(a1|a2|b1|b2)$/.exec(target)?.[1];
    const list = id ? [CIRCUITS.indexOf(id as (typeof CIRCUITS)[number])] : [0, 1, 2, 3];
    const values: Record<string, DiagValue> = {};
    const parts: string[] = [];
    for (const i of list) {
      const flow = r2(m.s.flow[i]! * (1 + 0.01 * c.rng.gaussian()));
      const dT = r2(m.s.ret[i]! - m.s.supply[i]!);
      const re = Math.round(reynolds(flow, m.s.supply[i]!));
      const n = CIRCUITS[i]!;
      Object.assign(values, {
        [`${n}_flow_lpm`]: flow,
        [`${n}_dt_k`]: dT,
        [`${n}_re`]: re,
        [`${n}_surface_c`]: r1(m.s.t[i]!),
      });
      parts.push(`${n.toUpperCase()}: ${flow} L/min, ΔT ${dT} K, Re ≈ ${re}`);
    }
    return { values, text: t(parts.join(' ; '), parts.join('; ')) };
  },
  supply_flow_duty(c, target) {
    const id = tcuModelOf(target);
    const tcu = c.cell[id]!;
    const sp = val(c, `${id}.temp_sp`);
    const v = {
      supply_c: r1(tcu.s.tC),
      setpoint_c: r1(sp),
      return_c: r1(tcu.s.returnC),
      flow_lpm: r2(tcu.s.flow),
      heater_duty_pct: Math.round(100 * tcu.s.heater),
      cooling_valve_pct: Math.round(100 * tcu.s.valve),
    };
    return {
      values: v,
      text: t(
        `${target} : départ ${v.supply_c} °C (consigne ${v.setpoint_c}), retour ${v.return_c} °C, débit ${v.flow_lpm} L/min, chauffe ${v.heater_duty_pct} %, vanne ${v.cooling_valve_pct} %`,
        `${target}: supply ${v.supply_c} °C (set point ${v.setpoint_c}), return ${v.return_c} °C, flow ${v.flow_lpm} L/min, heater ${v.heater_duty_pct} %, valve ${v.cooling_valve_pct} %`,
      ),
    };
  },
  local_reading(c, target) {
    const ids = target.startsWith('tcu_') ? [tcuModelOf(target)] : (['tcu1', 'tcu2'] as const);
    const values: Record<string, DiagValue> = {};
    const parts: string[] = [];
    for (const id of ids) {
      const tcu = c.cell[id];
      if (!tcu) continue;
      values[`${id}_supply_c`] = r1(tcu.s.tC);
      values[`${id}_return_c`] = r1(tcu.s.returnC);
      values[`${id}_flow_lpm`] = r2(tcu.s.flow);
      parts.push(
        `${id.toUpperCase()} ${r1(tcu.s.tC)} °C / ${r1(tcu.s.returnC)} °C / ${r2(tcu.s.flow)} L/min`,
      );
    }
    return {
      values,
      text: t(
        `Lecture locale (afficheur de l’appareil) : ${parts.join(' ; ')}`,
        `Local reading (device panel): ${parts.join('; ')}`,
      ),
    };
  },
  moisture(c) {
    const d = c.cell.dryer!;
    const pct = r3(Math.max(0, d.s.mOut * (1 + 0.02 * c.rng.gaussian())));
    const lim = c.cell.imm
      ? MATERIALS[c.cell.imm.job.material].hygroscopic
        ? c.cell.imm.job.material === 'PA6'
          ? 0.2
          : 0.1
        : 0.1
      : 0.1;
    return {
      values: { moisture_pct: pct, limit_pct: lim, in_spec: pct <= lim },
      text: t(
        `Humidité des granulés (sortie trémie) : ${pct} % (limite ${lim} %)`,
        `Pellet moisture (hopper outlet): ${pct} % (limit ${lim} %)`,
      ),
    };
  },
  dew_point_regen(c) {
    const d = c.cell.dryer!;
    const v = {
      dew_point_c: r1(d.s.dp),
      regen_temp_c: r1(d.s.regenT),
      regen_heater_current_a: r1(13 * d.faults.regenHealth),
      drying_temp_c: r1(d.s.tDry),
      airflow_m3h: r1(d.s.airflow),
    };
    return {
      values: v,
      text: t(
        `Sécheur : point de rosée ${v.dew_point_c} °C, régénération ${v.regen_temp_c} °C (courant ${v.regen_heater_current_a} A), séchage ${v.drying_temp_c} °C, débit d’air ${v.airflow_m3h} m³/h`,
        `Dryer: dew point ${v.dew_point_c} °C, regeneration ${v.regen_temp_c} °C (current ${v.regen_heater_current_a} A), drying ${v.drying_temp_c} °C, airflow ${v.airflow_m3h} m³/h`,
      ),
    };
  },
  coa_mfi(c) {
    const lotSig = c.registry.get('blender.lot');
    const lot = lotSig ? c.store.getStr(lotSig.index) : '?';
    const nominal = c.cell.imm ? MATERIALS[c.cell.imm.job.material].mfiNominal : 12;
    const f07 = c.faults.find((f) => f.fault === 'F07' && f.memo.lot === lot);
    let mfi = nominal;
    if (f07)
      mfi =
        typeof f07.params.mfi === 'number'
          ? f07.params.mfi
          : f07.variant === 'low_mfi'
            ? r1((nominal * 2) / 3)
            : nominal * 1.5;
    const lo = r1(nominal * 0.67);
    const hi = r1(nominal * 1.5);
    const inSpec = mfi >= lo - 1e-9 && mfi <= hi + 1e-9;
    return {
      values: { lot, mfi, spec_min: lo, spec_max: hi, in_spec: inSpec },
      text: t(
        `Lot ${lot} : IF certifié ${mfi} g/10 min (spécification ${lo}–${hi})`,
        `Lot ${lot}: certified MFI ${mfi} g/10 min (specification ${lo}–${hi})`,
      ),
    };
  },
  ratio_log(c) {
    const sp = val(c, 'blender.regrind_sp');
    const actual = r1(100 * (c.cell.blender?.regrindRatio ?? sp / 100));
    return {
      values: { setpoint_pct: r1(sp), actual_pct: actual },
      text: t(
        `Doseur : consigne rebroyé ${r1(sp)} %, réel ${actual} %`,
        `Blender: regrind set point ${r1(sp)} %, actual ${actual} %`,
      ),
    };
  },
  water_flow_dt(c) {
    const imm = c.cell.imm!;
    const o = imm.s.oil;
    const water = c.cell.ambient?.faults.plantWaterC ?? 20;
    const flow = r1(o.valve * 12);
    const q = 215 * imm.faults.oilCoolerUaFactor * o.valve * (o.t - water);
    const dT = flow > 0.05 ? r1(q / ((flow / 60) * 4180)) : 0;
    return {
      values: {
        oil_c: r1(o.t),
        valve_pct: Math.round(100 * o.valve),
        water_flow_lpm: flow,
        water_dt_k: dT,
        water_in_c: r1(water),
      },
      text: t(
        `Refroidisseur d’huile : huile ${r1(o.t)} °C, vanne ${Math.round(100 * o.valve)} %, eau ${flow} L/min, ΔT eau ${dT} K`,
        `Oil cooler: oil ${r1(o.t)} °C, valve ${Math.round(100 * o.valve)} %, water ${flow} L/min, water ΔT ${dT} K`,
      ),
    };
  },
  tonnage_tiebars(c) {
    const imm = c.cell.imm!;
    const sp = imm.sp('clamp_force_sp');
    const actual = r1(Math.max(0, sp - imm.faults.clampForceLossKN));
    const pc = last(c)?.cavity_pressure[0]?.pmax ?? 38;
    const need = r1(imm.job.aProjCm2 * pc * 0.1 * 1.15);
    const bars = [1, 2, 3, 4].map((_k) => r1(actual / 4 + 2 * c.rng.gaussian()));
    return {
      values: {
        setpoint_kn: sp,
        actual_kn: actual,
        required_kn: need,
        tiebar1: bars[0]!,
        tiebar2: bars[1]!,
        tiebar3: bars[2]!,
        tiebar4: bars[3]!,
      },
      text: t(
        `Force de fermeture : ${actual} kN (consigne ${sp}, besoin ${need} kN) ; colonnes ${bars.join(' / ')} kN`,
        `Clamp force: ${actual} kN (set ${sp}, required ${need} kN); tie-bars ${bars.join(' / ')} kN`,
      ),
    };
  },
  zone_and_pressure(c) {
    const s = last(c);
    const v = {
      nozzle_c: r1(val(c, 'imm.zone5.temp_actual')),
      nozzle_sp_c: r1(val(c, 'imm.zone5.temp_sp')),
      nozzle_output_pct: Math.round(val(c, 'imm.zone5.output_pct')),
      peak_pressure_mpa: s ? r1(s.peak_inj_pressure) : null,
      pressure_limit_mpa: r1(val(c, 'imm.injection_pressure_limit')),
      pressure_limited: s ? s.pressure_limited : null,
      fill_time_s: s ? r2(s.times.fill) : null,
    };
    return {
      values: v,
      text: t(
        `Buse ${v.nozzle_c} °C (consigne ${v.nozzle_sp_c}, sortie ${v.nozzle_output_pct} %) ; pression crête ${v.peak_pressure_mpa} MPa (limite ${v.pressure_limit_mpa}) ; remplissage ${v.fill_time_s} s`,
        `Nozzle ${v.nozzle_c} °C (set ${v.nozzle_sp_c}, output ${v.nozzle_output_pct} %); peak pressure ${v.peak_pressure_mpa} MPa (limit ${v.pressure_limit_mpa}); fill ${v.fill_time_s} s`,
      ),
    };
  },
  depth_gauge(c) {
    const depth = r3(0.02 * (1 - (c.cell.imm?.faults.ventClog ?? 0)) + 0.0005 * c.rng.gaussian());
    return {
      values: { vent_depth_mm: depth, spec_min_mm: 0.013, spec_max_mm: 0.03 },
      text: t(
        `Profondeur des évents : ${depth} mm (PP 0,013–0,03 mm)`,
        `Vent depth: ${depth} mm (PP 0.013–0.03 mm)`,
      ),
    };
  },
  force_per_group(c) {
    const s = last(c);
    const f = s ? s.ejector_force_peak.map(r2) : [];
    const values: Record<string, DiagValue> = {};
    f.forEach((x, k) => {
      values[`group${k + 1}_kn`] = x;
    });
    return {
      values,
      text: t(
        `Forces d’éjection par groupe : ${f.join(' / ')} kN`,
        `Ejector force per pin group: ${f.join(' / ')} kN`,
      ),
    };
  },
  zero_and_cross_check(c, target) {
    const m = /cavity_sensor_(a|b)_(gate|eof)$/.exec(target);
    const i = m ? (m[1] === 'a' ? 0 : 2) + (m[2] === 'gate' ? 0 : 1) : 0;
    const sf = c.cell.mould!.faults.cavitySensors[i]!;
    const zero = sf.flatLine ? 0 : r2(0.3 * sf.offsetMPa + 0.05 * c.rng.gaussian());
    const s = last(c);
    const peaks = s ? s.cavity_pressure.map((p) => r1(p.pmax)) : [];
    const values: Record<string, DiagValue> = {
      zero_before_injection_mpa: zero,
      gate_a_pmax: peaks[0] ?? null,
      eof_a_pmax: peaks[1] ?? null,
      gate_b_pmax: peaks[2] ?? null,
      eof_b_pmax: peaks[3] ?? null,
      weight_g: s ? r2((s.weights[0] + s.weights[1]) / 2) : null,
      machine_peak_mpa: s ? r1(s.peak_inj_pressure) : null,
    };
    return {
      values,
      text: t(
        `Zéro avant injection ${zero} MPa ; crêtes ${peaks.join(' / ')} MPa ; poids ${values.weight_g} g ; pression machine ${values.machine_peak_mpa} MPa`,
        `Zero before injection ${zero} MPa; peaks ${peaks.join(' / ')} MPa; weight ${values.weight_g} g; machine pressure ${values.machine_peak_mpa} MPa`,
      ),
    };
  },
  program_diff(c) {
    const f = c.cell.robot!.faults;
    if (!f.programChanged)
      return {
        values: { differs: false },
        text: t(
          'Programme actif identique au programme validé',
          'Active program identical to the validated one',
        ),
      };
    const dz = r1(f.pickOffsetMm);
    return {
      values: { differs: true, point: 'pick', delta_mm: dz },
      text: t(
        `Programme modifié : point de prise décalé de ${dz} mm`,
        `Program changed: pick point moved by ${dz} mm`,
      ),
    };
  },
  golden_parts(c) {
    const v = c.cell.vision!;
    const bright = r1(v.brightness());
    const L = c.cell.imm?.job.lKeyMm ?? 113;
    const dim = r3(L * (1 + v.faults.scaleError));
    const margin = val(c, 'vision.roi_margin_mm');
    const roi = v.faults.roiOffsetMm + val(c, 'vision.roi_offset_mm');
    const good =
      Math.abs(roi) >= margin - 1
        ? 'not_found'
        : v.faults.brightnessGain < 0.9 || Math.abs(dim - L) > 0.5 * val(c, 'vision.dim_tol')
          ? 'reject'
          : 'good';
    return {
      values: {
        golden_good: good,
        golden_bad: 'reject',
        brightness_pct: bright,
        golden_dimension_mm: dim,
        certified_dimension_mm: L,
      },
      text: t(
        `Pièce étalon bonne : ${good === 'good' ? 'acceptée' : good === 'reject' ? 'REJETÉE' : 'non trouvée'} ; étalon mauvaise : rejetée ; luminosité ${bright} % ; cote étalon mesurée ${dim} mm (certifiée ${L})`,
        `Golden good part: ${good === 'good' ? 'accepted' : good === 'reject' ? 'REJECTED' : 'not found'}; golden bad part: rejected; brightness ${bright} %; golden dimension measured ${dim} mm (certified ${L})`,
      ),
    };
  },
  current_photoeye(c) {
    const k = c.cell.conveyor!.s;
    return {
      values: {
        motor_current_a: r2(k.current),
        photo_eye_blocked: val(c, 'conveyor.photo_eye') > 0,
        tripped: k.tripped,
        speed_m_min: r1(k.speed),
      },
      text: t(
        `Convoyeur : courant ${r2(k.current)} A, cellule ${val(c, 'conveyor.photo_eye') > 0 ? 'occultée' : 'libre'}, ${k.tripped ? 'disjoncté' : 'en service'}`,
        `Conveyor: current ${r2(k.current)} A, photo-eye ${val(c, 'conveyor.photo_eye') > 0 ? 'blocked' : 'clear'}, ${k.tripped ? 'tripped' : 'running'}`,
      ),
    };
  },
  resistance_tc(c, target) {
    const hr = c.cell.hotrunner!;
    const i = Math.max(
      0,
      DROP.indexOf(/^hot_runner\.(drop_a|drop_b|manifold)_/.exec(target)?.[1] ?? 'drop_b'),
    );
    const h = hr.faults.heaterHealth[i]!;
    const r0 = (230 * 230) / HR_P[i]!;
    const ohm = h < 0.02 ? null : r1((r0 / h) * (1 + 0.01 * c.rng.gaussian()));
    const open = hr.faults.tcOpen[i]!;
    const ref = r1(hr.s.zones[i]!.t);
    return {
      values: { ohm, expected_ohm: r1(r0), tc_open: open, reference_c: ref },
      text: t(
        `Zone ${target} : résistance ${ohm === null ? '∞ (ouverte)' : `${ohm} Ω`} (attendu ${r1(r0)} Ω), thermocouple ${open ? 'coupé' : 'continu'}, sonde ${ref} °C`,
        `Zone ${target}: resistance ${ohm === null ? '∞ (open)' : `${ohm} Ω`} (expected ${r1(r0)} Ω), thermocouple ${open ? 'open' : 'continuous'}, probe ${ref} °C`,
      ),
    };
  },
  inspection(c) {
    const f = c.cell.imm!.faults;
    const worn = f.partingLineGapMm > 0.02 && f.partingLineLength > 0;
    return {
      values: { worn, local_gap_mm: r3(f.partingLineGapMm), worn_share: r3(f.partingLineLength) },
      text: worn
        ? t(
            `Plan de joint : portée usée localement (jeu ${r3(f.partingLineGapMm)} mm)`,
            `Parting line: land worn at one spot (gap ${r3(f.partingLineGapMm)} mm)`,
          )
        : t('Plan de joint : portées intactes', 'Parting line: lands intact'),
    };
  },
  sub_meters(c) {
    const keys = ['machine_heaters', 'machine_drive', 'tcu', 'dryer', 'periphery', 'cell'];
    const values: Record<string, DiagValue> = {};
    for (const k of keys) values[`${k}_kw`] = r2(val(c, `energy.${k}.power`));
    const s = c.shots.slice(-10);
    const kwh = s.length ? s.reduce((a, r) => a + r.energy.kwh_total, 0) / s.length : null;
    values.kwh_per_shot = kwh === null ? null : r3(kwh);
    values.sec_kwh_kg = s.length ? r3(s.reduce((a, r) => a + r.energy.sec, 0) / s.length) : null;
    return {
      values,
      text: t(
        `Sous-compteurs (kW) : ${keys.map((k) => `${k} ${values[`${k}_kw`]}`).join(', ')} ; ${values.kwh_per_shot} kWh/cycle`,
        `Sub-meters (kW): ${keys.map((k) => `${k} ${values[`${k}_kw`]}`).join(', ')}; ${values.kwh_per_shot} kWh/cycle`,
      ),
    };
  },
  status_timestamp(c) {
    const now = c.store.now;
    const bad = c.registry.signals
      .filter((s) => s.visibility === 'candidate' && c.store.quality[s.index] !== Quality.Good)
      .slice(0, 20);
    const values: Record<string, DiagValue> = { not_good: bad.length };
    for (const s of bad)
      values[s.key] =
        `${qualityName(c.store.quality[s.index]!)}, ${r1((now - c.store.srcTs[s.index]!) / 1000)} s old`;
    return {
      values,
      text: bad.length
        ? t(
            `${bad.length} valeur(s) de qualité non bonne, horodatage source figé`,
            `${bad.length} value(s) not Good, source timestamp frozen`,
          )
        : t('Toutes les valeurs sont de qualité bonne et à jour', 'Every value is Good and current'),
    };
  },
  audit_log(c) {
    const rows = c.audit.slice(-20);
    const values: Record<string, DiagValue> = { entries: rows.length };
    rows.forEach((a, k) => {
      values[`entry${k + 1}`] =
        `${r1(a.t / 1000)} s ${a.user}@${a.channel}${a.client ? `/${a.client}` : ''} ${a.signal} ${String(a.old)} → ${String(a.new)}${a.reason ? ` (${a.reason})` : ''}`;
    });
    return {
      values,
      text: t(`Journal d’audit : ${rows.length} écriture(s)`, `Audit log: ${rows.length} write(s)`),
    };
  },
  dataset_diff(c) {
    const d = c.dataset;
    const values: Record<string, DiagValue> = {
      validated_checksum: d.checksum,
      validated_imm_hash: d.imm_hash,
      active_checksum: d.active_checksum,
      active_imm_hash: d.active_imm_hash,
      differences: d.diff.length,
    };
    for (const x of d.diff.slice(0, 20)) values[x.signal] = `${x.validated} → ${x.active}`;
    return {
      values,
      text: t(
        `Jeu actif ${d.active_checksum} / validé ${d.checksum} : ${d.diff.length} écart(s)`,
        `Active dataset ${d.active_checksum} / validated ${d.checksum}: ${d.diff.length} difference(s)`,
      ),
    };
  },
  dew_point_compare(c) {
    const dp = r1(c.cell.ambient!.s.dpC);
    const m = c.cell.mould!;
    // the cavity surface lies between the steel node and the water of its circuit (§3.7)
    const coldest = r1(Math.min(...m.s.t.map((tn, j) => 0.5 * (tn + m.s.supply[j]!))));
    return {
      values: {
        ambient_dew_point_c: dp,
        coldest_mould_surface_c: coldest,
        margin_k: r1(coldest - dp),
        condensation: coldest < dp,
      },
      text: t(
        `Point de rosée ambiant ${dp} °C, surface de moule la plus froide ${coldest} °C (marge ${r1(coldest - dp)} K)`,
        `Ambient dew point ${dp} °C, coldest mould surface ${coldest} °C (margin ${r1(coldest - dp)} K)`,
      ),
    };
  },
  level_filter(c) {
    const h = c.cell.hopper!;
    const b = c.cell.blender!.faults;
    const level = r1((100 * h.s.kg) / 12);
    const clogged = h.faults.loaderFailed;
    const bridge = b.feedFactorMean < 0.9 || b.feedIntermittentP > 0;
    return {
      values: { hopper_level_pct: level, loader_filter_clogged: clogged, bridge_in_throat: bridge },
      text: t(
        `Trémie ${level} % ; filtre du chargeur ${clogged ? 'colmaté' : 'propre'} ; ${bridge ? 'voûte de granulés dans la goulotte' : 'goulotte dégagée'}`,
        `Hopper ${level} %; loader filter ${clogged ? 'clogged' : 'clean'}; ${bridge ? 'pellet bridge in the feed throat' : 'feed throat clear'}`,
      ),
    };
  },
};

/** Take the measurement (the rule was checked by the caller). */
export function diagnose(c: DiagContext, target: string, measurement: string): DiagResult {
  const f = MEASURES[measurement];
  if (!f)
    return { target, measurement, values: {}, text: t('Mesure indisponible', 'Measurement not available') };
  try {
    return { target, measurement, ...f(c, target) };
  } catch {
    // a component this station does not have (e.g. no hot runner)
    return {
      target,
      measurement,
      values: {},
      text: t('Composant absent de cette cellule', 'No such component on this cell'),
    };
  }
}

/** the inspection of the end-of-arm tooling (§5.2 K `ACT_INSPECT_EOAT`) */
export function inspectEoat(c: DiagContext): Omit<DiagResult, 'target' | 'measurement'> {
  const f = c.cell.robot!.faults;
  const shifted = !f.programChanged && f.pickOffsetMm >= 1;
  const cupWorn = f.vacuumLeak > 0.3;
  return {
    values: { eoat_shifted_mm: shifted ? r1(f.pickOffsetMm) : 0, tcp_ok: !shifted, cup_worn: cupWorn },
    text: t(
      `Préhenseur ${shifted ? `décalé de ${r1(f.pickOffsetMm)} mm (TCP faux)` : 'en place (TCP correct)'} ; ventouse ${cupWorn ? 'usée / déchirée' : 'en bon état'}`,
      `End-of-arm tooling ${shifted ? `shifted by ${r1(f.pickOffsetMm)} mm (TCP off)` : 'in place (TCP correct)'}; suction cup ${cupWorn ? 'worn / torn' : 'in good condition'}`,
    ),
  };
}
