/**
 * The words on the twin: label lines per scene anchor and a one-line status, from the bound values, the
 * condensation check and the active alarms. Values carry their unit and the signal's resolution; every
 * state that has a colour in the scene also has words here (WCAG 1.4.1).
 */
import { formatValue } from '../src/format.ts';
import { loc, t } from '../src/i18n.ts';
import { equipmentLabel } from '../src/model/equipment.ts';
import type { Light, PartsState } from './animate.ts';
import type { Bindings, Meta, Readings } from './bindings.ts';
import type { HalfCondensation } from './condensation.ts';
import { ZONE_BAND_K, zoneDeviation } from './heat.ts';
import type { LabelLine } from './labels.ts';
import type { Highlight } from './symptoms.ts';

export interface TextContext {
  readonly b: Bindings;
  readonly r: Readings;
  readonly highlights: readonly Highlight[];
  readonly parts: PartsState;
  readonly condensation: { readonly fixed: HalfCondensation; readonly moving: HalfCondensation };
  readonly light: Light;
  /** scene tag → the station's equipment id (for names) */
  readonly eq: (sceneTag: string) => string;
}

const fmt = (m: Meta | undefined, v: number | null): string =>
  m && v !== null
    ? `${formatValue(m, v)}${m.unit && m.type !== 'enum' && m.type !== 'bool' ? ` ${m.unit}` : ''}`
    : '—';
const words = (prefix: string, name: string | null): string => {
  if (name === null) return '—';
  const k = `${prefix}.${name}`;
  const s = t(k);
  return s === k ? name.replaceAll('_', ' ').toLowerCase() : s;
};
const title = (text: string): LabelLine => ({ text, cls: 'title' });
/** "label : value" with the language's own punctuation */
const kv = (label: string, v: string): string => t('twin.kv', { label, value: v });
const value = (text: string): LabelLine => ({ text });
const warn = (text: string): LabelLine => ({ text: `▲ ${text}`, cls: 'warn' });

export const phaseText = (phase: string | null): string => words('twin.phase', phase);

/** Label lines of every anchor that has something to say; anchors not in the map are hidden. */
export function labelLines(c: TextContext): Map<string, LabelLine[]> {
  const { b, r } = c;
  const out = new Map<string, LabelLine[]>();
  const name = (tag: string) => equipmentLabel(c.eq(tag));
  // machine: phase and mode
  const mode = r.mode === null ? '' : ` · ${words('twin.mode', r.mode)}`;
  out.set('imm', [title(name('imm')), value(`${phaseText(r.phase)}${mode}`)]);
  out.set('stack', [value(kv(t('stack.title'), t(`stack.${c.light}`)))]);
  for (const z of r.zones) {
    const zb = b.zones.find((x) => x.n === z.n)!;
    const lines: LabelLine[] = [value(`${t('twin.zone', { n: z.n })} ${fmt(zb.actual, z.actual)}`)];
    const dev = zoneDeviation(z.actual, z.sp);
    if (z.bad) lines.push(warn(t('twin.badReading')));
    else if (dev !== null && Math.abs(dev) > ZONE_BAND_K)
      lines.push(warn(t('twin.deviation', { dev: `${dev > 0 ? '+' : '−'}${Math.abs(dev).toFixed(0)}` })));
    out.set(`imm/zone${z.n}`, lines);
  }
  const inj: LabelLine[] = [value(`${t('twin.screw')} ${fmt(b.screwPosition, r.screwMm)}`)];
  if (r.carriageFwd !== null) inj.push(value(r.carriageFwd ? t('twin.nozzleContact') : t('twin.nozzleBack')));
  out.set('imm/injection', inj);
  if (b.oilTemp) out.set('imm/hydraulics', [value(`${t('twin.oil')} ${fmt(b.oilTemp, r.oilTemp)}`)]);
  if (r.frontGuard === false) out.set('imm/guard-front', [warn(t('twin.guardOpen.front'))]);
  if (r.rearGuard === false) out.set('imm/guard-rear', [warn(t('twin.guardOpen.rear'))]);
  if (r.purgeGuard === false) out.set('imm/guard-purge', [warn(t('twin.guardOpen.purge'))]);
  if (r.estop === true) out.set('imm/panel', [{ text: `■ ${t('twin.estop')}`, cls: 'alarm' }]);
  // mould: temperatures per half, condensation in words
  const m: LabelLine[] = [title(name('mould'))];
  if (r.mouldFixed !== null || r.mouldMoving !== null)
    m.push(
      value(
        `${t('twin.fixedHalf')} ${fmt(b.mouldTemps.fixed, r.mouldFixed)} · ${t('twin.movingHalf')} ${fmt(b.mouldTemps.moving, r.mouldMoving)}`,
      ),
    );
  if (r.mouldMm !== null) m.push(value(`${t('twin.opening')} ${fmt(b.mouldPosition, r.mouldMm)}`));
  for (const half of ['fixed', 'moving'] as const) {
    const h = c.condensation[half];
    if (h.intensity > 0 && h.surface !== null && r.dewPoint !== null)
      m.push(
        warn(
          t('twin.condensation', {
            half: t(half === 'fixed' ? 'twin.fixedHalf' : 'twin.movingHalf'),
            surface: fmt(b.dewPoint, h.surface),
            dew: fmt(b.dewPoint, r.dewPoint),
          }),
        ),
      );
  }
  out.set('mould', m);
  for (const s of r.circuits) {
    const cb = b.circuits.find((x) => x.id === s.id)!;
    out.set(`sensor/${s.id}`, [value(`${s.id} ${fmt(cb.surface, s.surface)}`)]);
  }
  for (const s of r.cavity) {
    const cb = b.cavitySensors.find((x) => x.id === s.id)!;
    out.set(`sensor/${s.id}`, [value(`${s.id} ${fmt(cb.meta, s.value)}`)]);
  }
  // TCUs
  r.tcus.forEach((u, i) => {
    const tb = b.tcus[i]!;
    const lines: LabelLine[] = [title(equipmentLabel(u.equipment))];
    lines.push(value(`${fmt(tb.supply, u.supply)} · ${fmt(tb.flow, u.flow)}`));
    if (u.pump === false) lines.push(warn(t('twin.pumpOff')));
    out.set(u.equipment, lines);
  });
  // robot: mode, step, vacuum, part
  const rb = b.robot;
  const robot: LabelLine[] = [title(name('robot'))];
  if (r.robot.mode !== null) robot.push(value(words('twin.robotMode', r.robot.mode)));
  if (r.robot.step !== null) robot.push(value(words('twin.robotStep', r.robot.step)));
  if (r.robot.vacuum !== null)
    robot.push(
      value(
        `${t('twin.vacuum')} ${fmt(rb.vacuum, r.robot.vacuum)}${r.robot.part ? ` · ${t('twin.partHeld')}` : ''}`,
      ),
    );
  out.set('robot', robot);
  if (r.robot.door === false) out.set('robot/door', [warn(t('twin.cellDoorOpen'))]);
  // conveyor, vision, laser, bins
  const cb = b.conveyor;
  const conv: LabelLine[] = [title(name('conveyor'))];
  if (r.conveyor.tripped) conv.push({ text: `■ ${t('twin.tripped')}`, cls: 'alarm' });
  else if (r.conveyor.run === false) conv.push(warn(t('twin.stopped')));
  else if (r.conveyor.speed !== null) conv.push(value(fmt(cb.speed, r.conveyor.speed)));
  if (r.conveyor.eye) conv.push(warn(t('twin.eyeBlocked')));
  out.set('conveyor', conv);
  const vis: LabelLine[] = [title(name('vision'))];
  if (r.vision.result !== null)
    vis.push(value(kv(t('twin.lastResult'), words('twin.verdict', r.vision.result))));
  if (r.vision.inspected !== null)
    vis.push(value(t('twin.inspected', { n: r.vision.inspected, rejected: r.vision.rejected ?? 0 })));
  out.set('vision', vis);
  out.set('laser', [title(name('laser')), value(r.laserMarking ? t('twin.marking') : t('twin.idle'))]);
  out.set('bin/good', [value(t('twin.binGood', { n: c.parts.good }))]);
  out.set('bin/reject', [value(t('twin.binReject', { n: c.parts.reject }))]);
  // material and utilities
  if (b.hopper)
    out.set('hopper', [
      title(name('hopper')),
      value(`${t('twin.level')} ${fmt(b.hopperLevel, r.hopperLevel)}`),
    ]);
  if (b.dryer.equipment) {
    const d = b.dryer;
    out.set('dryer', [
      title(name('dryer')),
      value(`${t('twin.dewPoint')} ${fmt(d.dewPoint, r.dryer.dewPoint)} · ${fmt(d.temp, r.dryer.temp)}`),
    ]);
  }
  const amb = c.eq('ambient');
  if (b.equipment.includes(amb))
    out.set('ambient', [
      title(name('ambient')),
      value(`${fmt(b.ambientTemp, r.ambientTemp)} · ${t('twin.dewPoint')} ${fmt(b.dewPoint, r.dewPoint)}`),
    ]);
  for (const tag of ['energy', 'blender'])
    if (b.equipment.includes(c.eq(tag))) out.set(tag, [title(name(tag))]);
  // alarms: on the label of their anchor (or a label of their own, made by the engine)
  for (const h of c.highlights) {
    const key = out.has(h.anchor) ? h.anchor : `alarm/${h.anchor}`;
    const lines = out.get(key) ?? [];
    const cls = h.severity === 'warning' || h.severity === 'info' ? 'warn' : 'alarm';
    const icon = cls === 'alarm' ? '■' : '▲';
    if (lines.length < 6) lines.push({ text: `${icon} ${loc(h.text, h.code)}`, cls });
    out.set(key, lines);
  }
  return out;
}

/** One line for the status bar (and screen readers): phase, mode, mould, robot, alarms. */
export function statusLine(c: TextContext): string {
  const parts = [kv(t('twin.phaseLabel'), phaseText(c.r.phase))];
  if (c.r.mode !== null) parts.push(kv(t('twin.modeLabel'), words('twin.mode', c.r.mode)));
  if (c.r.mouldMm !== null) parts.push(`${t('twin.opening')} ${fmt(c.b.mouldPosition, c.r.mouldMm)}`);
  if (c.r.robot.step !== null)
    parts.push(kv(equipmentLabel(c.eq('robot')), words('twin.robotStep', c.r.robot.step)));
  parts.push(
    c.highlights.length
      ? t('twin.alarmsActive', { n: c.highlights.length })
      : kv(t('stack.title'), t(`stack.${c.light}`)),
  );
  return parts.join(' · ');
}
