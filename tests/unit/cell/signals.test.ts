/** The cell's signal declarations: valid for every variant, channel conventions, roles, hidden truth. */
import { describe, expect, it } from 'vitest';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import { MACHINE_MODES, PRODUCTION_STATUS } from '../../../simulator/cell/imm/imm-signals.ts';
import { MODBUS_BLOCK_SIZE, MODBUS_BLOCKS } from '../../../simulator/cell/modbus-plan.ts';
import { modbusWidth } from '../../../simulator/kernel/signal-schema.ts';
import { Station } from '../../../simulator/kernel/station.ts';

const build = (o: Parameters<typeof createCellModels>[0]) =>
  new Station({ id: 'st1', seed: 1, models: createCellModels(o) });

describe('cell signal registry', () => {
  it.each([
    { material: 'PP' as const },
    { material: 'ABS' as const },
    { material: 'PA6' as const },
    { material: 'PP' as const, hotRunner: true },
    { material: 'PA6' as const, start: 'cold' as const },
  ])('constructs without a ValidationError (%o)', (o) => {
    const st = build(o);
    expect(st.registry.size).toBeGreaterThan(250);
    st.runTicks(3);
  });

  it('follows the key, MQTT and OPC UA conventions', () => {
    const st = build({ hotRunner: true });
    for (const s of st.registry.signals) {
      expect(s.key).toMatch(/^[a-z0-9_]+\.[a-z0-9_.]+$/);
      if (s.channels.mqtt) expect(s.channels.mqtt.topic).toBe(s.key.replace(/\./g, '/'));
      if (s.channels.opcua) expect(s.channels.opcua.browsePath).toMatch(/^DeviceSet\/[A-Za-z]+_\d\//);
    }
    const path = (k: string) => st.registry.get(k)?.channels.opcua?.browsePath;
    expect(path('imm.mode')).toBe('DeviceSet/IMM_1/MachineStatus/MachineMode');
    expect(path('imm.production_status')).toBe(
      'DeviceSet/IMM_1/MachineMESStatus/ProductionControl/ProductionStatus',
    );
    expect(path('imm.zone1.temp_actual')).toBe(
      'DeviceSet/IMM_1/InjectionUnits/InjectionUnit_1/TemperatureZones/TemperatureZone_1/ActualTemperature',
    );
    expect(path('imm.zone5.temp_sp')).toBe(
      'DeviceSet/IMM_1/InjectionUnits/InjectionUnit_1/TemperatureZones/TemperatureZone_5/NominalTemperature',
    );
    expect(path('imm.job.cycle_counter')).toBe('DeviceSet/IMM_1/Jobs/ActiveJobValues/JobCycleCounter');
    expect(path('imm.job.last_cycle_time')).toBe('DeviceSet/IMM_1/Jobs/ActiveJobValues/LastCycleTime');
    expect(path('imm.hold_pressure_sp')).toBe(
      'DeviceSet/IMM_1/InjectionUnits/InjectionUnit_1/ProcessSetpoints/HoldPressure',
    );
    expect(path('imm.oil.temp')).toBe('DeviceSet/IMM_1/PowerUnits/PowerUnit_1/ActualTemperature');
    expect(path('mould.circuit_b2.surface_temp')).toBe(
      'DeviceSet/IMM_1/Moulds/Mould_1/TemperatureZones/TemperatureZone_4/ActualTemperature',
    );
    expect(path('tcu1.supply_temp')).toBe('DeviceSet/TCU_1/DeviceZone/Temperature/ActualValue');
    expect(path('tcu2.temp_sp')).toBe('DeviceSet/TCU_2/DeviceZone/Temperature/SetValue');
    expect(path('tcu1.flow')).toBe('DeviceSet/TCU_1/DeviceZone/FlowRate/ActualValue');
    expect(path('tcu1.return_temp')).toBe('DeviceSet/TCU_1/DeviceZone/TemperatureReturnLine');
    expect(path('tcu1.operating_mode')).toBe('DeviceSet/TCU_1/Operation/OperatingMode');
    expect(path('hotrunner.zone3.temp_actual')).toBe('DeviceSet/HRD_1/Zones/Zone_3/Temperature/ActualValue');
    expect(path('robot.axis_x.position')).toBe(
      'DeviceSet/Robot_1/MotionDevices/Robot/Axes/X/ParameterSet/ActualPosition',
    );
    expect(path('robot.em67.mould_area_free')).toBe('DeviceSet/Robot_1/Euromap67Signals/MouldAreaFree');
    expect(path('imm.em67.mould_open_position')).toBe(
      'DeviceSet/Robot_1/FromMachine/Euromap67Signals/MouldOpenPosition',
    );
  });

  it('declares EUROMAP enumerations in NodeSet order', () => {
    expect(MACHINE_MODES).toEqual(['OTHER', 'AUTOMATIC', 'SEMI_AUTOMATIC', 'MANUAL', 'SETUP', 'SLEEP']);
    expect(PRODUCTION_STATUS).toEqual([
      'OTHER',
      'NO_PRODUCTION',
      'START_UP',
      'READY_FOR_PRODUCTION',
      'PRODUCTION',
      'DRY_RUN',
    ]);
    const st = build({});
    expect(st.registry.get('imm.mode')?.enumValues).toEqual([...MACHINE_MODES]);
  });

  it('gives roles by kind: measurements to everyone, set points to technicians, controls to operators', () => {
    const st = build({});
    const sig = (k: string) => st.registry.get(k)!;
    expect(sig('imm.zone2.temp_actual').access.read).toEqual(
      expect.arrayContaining([
        'operator',
        'technician',
        'maintenance',
        'trainer',
        'mes',
        'integrator',
        'observer',
      ]),
    );
    expect(sig('imm.zone2.temp_actual').access.write).toEqual([]);
    expect(sig('imm.hold_pressure_sp').access.write).toEqual(['technician', 'trainer']);
    expect(sig('tcu2.temp_sp').access.write).toEqual(['technician', 'trainer']);
    expect(sig('imm.mode').access.write).toEqual(
      expect.arrayContaining(['operator', 'technician', 'trainer']),
    );
    expect(sig('conveyor.run').access.write).toEqual(expect.arrayContaining(['operator']));
    for (const s of st.registry.signals) {
      if (s.kind === 'setpoint' && s.type === 'float') expect(s.range, s.key).toBeDefined();
      if (s.kind === 'measurement' && s.visibility === 'candidate' && s.type === 'float')
        expect(s.unit, s.key).not.toBe(undefined);
    }
  });

  it('keeps hidden truth trainer-only and off every candidate channel', () => {
    const st = build({ material: 'PA6' });
    const hidden = st.registry.signals.filter((s) => s.visibility === 'trainer');
    expect(hidden.map((s) => s.key)).toEqual(
      expect.arrayContaining(['imm.zone2.temp_true', 'dryer.resin_moisture_true']),
    );
    for (const s of hidden) {
      expect(s.access.read).toEqual(['trainer']);
      expect(s.channels).toEqual({});
    }
  });

  it('keeps each equipment inside its Modbus block, writable signals on holding/coils', () => {
    const st = build({ hotRunner: true });
    for (const s of st.registry.signals) {
      const mb = s.channels.modbus;
      if (!mb) continue;
      const eq = s.key.startsWith('imm.em67.') ? 'robot' : (s.equipment as keyof typeof MODBUS_BLOCKS);
      const base = MODBUS_BLOCKS[eq][mb.table];
      expect(mb.address, s.key).toBeGreaterThanOrEqual(base);
      expect(mb.address + modbusWidth(mb.encoding) - 1, s.key).toBeLessThan(base + MODBUS_BLOCK_SIZE[eq]);
      if (s.access.write.length) expect(['holding', 'coil']).toContain(mb.table);
    }
    const mb = (k: string) => st.registry.get(k)!.channels.modbus!;
    expect(mb('imm.mode')).toMatchObject({ table: 'holding', address: 0 });
    expect(mb('imm.production_status')).toMatchObject({ table: 'holding', address: 1 });
    expect(mb('imm.job.cycle_counter')).toMatchObject({ table: 'holding', address: 10, encoding: 'uint32' });
    expect(mb('imm.zone2.temp_actual')).toMatchObject({
      table: 'input',
      address: 102,
      encoding: 'int16',
      scale: 10,
    });
    expect(mb('robot.em67.mould_area_free').table).toBe('coil');
    expect(mb('imm.em67.mould_open_position').table).toBe('discrete');
  });

  it('publishes measurements with their noise σ declared (§7.2)', () => {
    const st = build({});
    const sigma = (k: string) => st.registry.get(k)!.sigma;
    expect(sigma('imm.zone1.temp_actual')).toBe(0.3);
    expect(sigma('imm.injection_pressure')).toBe(0.3);
    expect(sigma('imm.oil.temp')).toBe(0.2);
    expect(sigma('tcu1.flow')).toBe(0.1);
    expect(sigma('mould.cavity1.gate_pressure')).toBe(0.2);
  });
});
