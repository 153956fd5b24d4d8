/**
 * Each documented variant (§4: F02 TC open, F05 a–d, F06 causes, F08 set point, F09 valve, F11 heater,
 * F14 a–d, F15 air supply, F16 program, F17 ROI, F19 TC open, F21 a–d, F25 loader) reaches its own
 * leading signal through the physics.
 */
import { describe, expect, it } from 'vitest';
import { faultCell, num, ok, run, shots, TRAINER, value } from '../../helpers/fault-cell.ts';
import { Gestures } from '../../helpers/fault-gestures.ts';
import { mean, sd } from '../../helpers/fault-signature.ts';

function inject(args: Record<string, unknown>, o: { material?: 'PA6'; hotRunner?: boolean } = {}) {
  const c = faultCell(o);
  shots(c.st, 2);
  const alarms = new Set<string>();
  c.st.hooks.on('alarm', (a) => {
    if (a.state === 'active') alarms.add(`${a.equipment}.${a.code}`);
  });
  ok(c.st, TRAINER, 'fault.inject', args);
  return { c, st: c.st, alarms };
}

describe('fault variants', () => {
  it('F02 TC open: upscale burnout, the zone heater off, TC-open alarm', () => {
    const { st, alarms } = inject({ fault: 'F02', variant: 'tc_open' });
    run(st, 120);
    expect(alarms).toContain('imm.TC_OPEN_3');
    expect(num(st, 'imm.zone3.output_pct')).toBeLessThan(2);
    run(st, 600);
    expect(num(st, 'imm.zone3.temp_true')).toBeLessThan(215);
  });

  it('F05 a–d: pump stop (no flow), heater stuck on (over-temperature), valve stuck open (heater works against it)', () => {
    const pump = inject({ fault: 'F05', component: 'tcu_moving.pump' });
    run(pump.st, 30);
    expect(pump.alarms).toContain('tcu2.NO_FLOW');
    expect(num(pump.st, 'tcu2.flow')).toBeLessThan(0.5);
    const hot = inject({ fault: 'F05', component: 'tcu_fixed.heater' });
    run(hot.st, 900);
    expect(num(hot.st, 'tcu1.supply_temp')).toBeGreaterThan(num(hot.st, 'tcu1.temp_sp') + 8);
    expect(hot.alarms).toContain('tcu1.OVER_TEMP');
    const open = inject({ fault: 'F05', variant: 'valve_stuck_open' });
    run(open.st, 900);
    expect(num(open.st, 'tcu2.heater_output')).toBeGreaterThan(40);
    expect(num(open.st, 'tcu2.supply_temp')).toBeLessThan(num(open.st, 'tcu2.temp_sp') + 1);
  });

  it('F06 causes (PA6): clogged filter → airflow ↓; process heater → drying temperature ↓; wet bags → moisture ↑', () => {
    const f = inject({ fault: 'F06', component: 'dryer.dryer_filter' }, { material: 'PA6' });
    run(f.st, 300);
    expect(num(f.st, 'dryer.airflow')).toBeLessThan(15);
    const h = inject({ fault: 'F06', variant: 'process_heater' }, { material: 'PA6' });
    run(h.st, 1200);
    expect(num(h.st, 'dryer.process_air_temp')).toBeLessThan(70);
    // wet bags: a working dryer takes most of it out; what reaches the screw still rises
    const w = inject({ fault: 'F06', variant: 'wet_bags' }, { material: 'PA6' });
    const before = w.c.engine.cell.dryer!.moisture;
    run(w.st, 3000);
    expect(w.c.engine.cell.dryer!.moisture).toBeGreaterThan(before * 1.05);
  });

  it('F08 set-point variant: the blender set point itself is written on the HMI by the previous shift', () => {
    const { st, c } = inject({ fault: 'F08', variant: 'setpoint' });
    run(st, 1);
    expect(num(st, 'blender.regrind_sp')).toBe(40);
    expect(
      c.commands.find((r) => r.input.kind === 'write' && r.input.signal === 'blender.regrind_sp')?.actor.user,
    ).toBe('shift2');
  });

  it('F09 cooler valve stuck closed: no cooling, the oil passes 55 °C and reaches the 65 °C stop', () => {
    const { st, alarms } = inject({ fault: 'F09', variant: 'valve_stuck_closed' });
    run(st, 5400);
    expect(alarms).toContain('imm.OIL_TEMP_HIGH');
    expect(alarms).toContain('imm.OIL_TEMP_STOP');
  });

  it('F11 nozzle heater: the nozzle falls 30–60 K in 2–4 min with output 100 %', () => {
    const { st } = inject({ fault: 'F11', variant: 'heater' });
    const sp = num(st, 'imm.zone5.temp_sp');
    run(st, 240);
    expect(sp - num(st, 'imm.zone5.temp_actual')).toBeGreaterThan(30);
    expect(sp - num(st, 'imm.zone5.temp_actual')).toBeLessThan(65);
    expect(num(st, 'imm.zone5.output_pct')).toBeGreaterThan(97);
  });

  it('F14 flat line (sensor fault alarm) and noisy spikes (scatter of the peak)', () => {
    const flat = inject({ fault: 'F14', variant: 'flat_line' });
    const rs = shots(flat.st, 3);
    expect(rs.every((r) => r.cavity_pressure[0]!.pmax < 0.5)).toBe(true);
    expect(rs.some((r) => r.alarms.includes('CAV_SENSOR_FAULT'))).toBe(true);
    // spikes on the curve (the features are computed on the clean signal)
    const noisy = inject({ fault: 'F14', variant: 'noisy', component: 'mould.cavity_sensor_b_eof' });
    const jitter = (c: number[]) => sd(c.slice(1).map((v, k) => v - c[k]!));
    const base = shots(faultCell().st, 3).map((r) => jitter(r.curves.cavity.cav2_eof));
    const n = shots(noisy.st, 3).map((r) => jitter(r.curves.cavity.cav2_eof));
    expect(mean(n)).toBeGreaterThan(5 * mean(base));
  });

  it('F15 air supply 6 → 4 bar: the supply tag falls, the vacuum test fails (a common cause)', () => {
    const { st, c } = inject({ fault: 'F15', variant: 'air_supply', profile: { kind: 'step' } });
    run(st, 20);
    expect(num(st, 'ambient.air_pressure')).toBeLessThan(4.2);
    const g = new Gestures(c);
    g.controlledStop();
    g.do('act.robot_stop');
    g.do('act.vacuum_test');
    expect(g.waitWork().verdict).toBe('fail');
  });

  it('F16 program variant: the program checksum changes and the program diff names the pick point', () => {
    const { st, c } = inject({ fault: 'F16', variant: 'program' });
    const before = String(value(faultCell().st, 'robot.program_checksum'));
    run(st, 10);
    expect(String(value(st, 'robot.program_checksum'))).not.toBe(before);
    expect(new Gestures(c).diag('robot.robot_program', 'program_diff')).toMatchObject({
      differs: true,
      point: 'pick',
    });
  });

  it('F17 ROI offset: parts not found by vision', () => {
    const { st } = inject({ fault: 'F17', variant: 'roi', profile: { kind: 'step' } });
    const rs = shots(st, 10);
    expect(rs.flatMap((r) => r.parts).filter((p) => p.vision.result === 'not_found').length).toBeGreaterThan(
      5,
    );
  });

  it('F19 drop B TC open (hot runner): TC-open alarm, the drop cools', () => {
    const { st, alarms } = inject({ fault: 'F19', component: 'hot_runner.drop_b_tc' }, { hotRunner: true });
    run(st, 600);
    expect([...alarms].some((a) => a.startsWith('hotrunner.TC_OPEN'))).toBe(true);
    expect(num(st, 'hotrunner.zone3.temp_actual')).toBeGreaterThan(400);
  });

  it('F21 a, c, d: idle in a long break, inrush peak after a stop, supply sag raising every zone output', () => {
    const idle = inject({ fault: 'F21', variant: 'idle' });
    run(idle.st, 60);
    const heatersKw = num(idle.st, 'energy.machine_heaters.power');
    expect(shots(idle.st, 1, { maxS: 300 })).toHaveLength(0);
    expect(heatersKw).toBeGreaterThan(0.5);
    const inrush = inject({ fault: 'F21', variant: 'inrush', params: { off_min: 5 } });
    run(inrush.st, 290);
    let peak = 0;
    for (let i = 0; i < 300; i++) {
      inrush.st.step();
      peak = Math.max(peak, num(inrush.st, 'energy.cell.power'));
    }
    expect(peak).toBeGreaterThan(15);
    const sag = inject({ fault: 'F21', variant: 'voltage_sag' });
    run(sag.st, 900);
    expect(num(sag.st, 'ambient.mains_voltage')).toBeLessThan(365);
    const after = shots(sag.st, 5);
    const base = shots(faultCell().st, 5);
    for (let z = 0; z < 4; z++) {
      expect(mean(after.map((r) => r.zones.output_pct[z]!))).toBeGreaterThan(
        mean(base.map((r) => r.zones.output_pct[z]!)) + 4,
      );
    }
  });

  it('F25 loader: the loader alarm comes after three empty cycles, the hopper level runs down', () => {
    const { st, alarms } = inject({
      fault: 'F25',
      component: 'feeding.loader',
      profile: { kind: 'intermittent', on_s: 1e5, off_s: 1 },
    });
    const level0 = num(st, 'hopper.level');
    run(st, 1500);
    expect(alarms).toContain('hopper.LOADER_FAULT');
    expect(num(st, 'hopper.level')).toBeLessThan(level0);
  });
});
