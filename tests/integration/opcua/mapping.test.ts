/** The pure parts of the OPC UA adapter: record → event mapping, value codec, units, write validator. */
import { DataType, StatusCodes, VariantArrayType } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { placeholderPattern } from '../../../simulator/adapters/opcua/address-space/official.ts';
import { codecFor, decode, encode } from '../../../simulator/adapters/opcua/codec.ts';
import { cycleEventOf } from '../../../simulator/adapters/opcua/cycle-event-map.ts';
import { ENUMERATIONS, enumMapping } from '../../../simulator/adapters/opcua/euromap.ts';
import type { SignalSpec } from '../../../simulator/adapters/opcua/protocol.ts';
import { engineeringUnit, unitId } from '../../../simulator/adapters/opcua/units.ts';
import { validateWrite } from '../../../simulator/adapters/opcua/write-validator.ts';

describe('ShotRecord → cycle-parameters event', () => {
  const record = {
    shot_id: 812,
    job: 'JOB-7',
    cycle_time: 24.75,
    cycle_quality: 'BAD_CYCLE',
    material_lot: 'PP-L1',
    euromap77: {
      Index: 1,
      CushionVolume: 3.1,
      DosingTime: 4.2,
      InjectionTime: 0.85,
      VPChangeOverPosition: 12,
    },
    faults: { secret: 42 },
  };

  it('maps the ShotRecord names and converts its seconds to EUROMAP ms', () => {
    const e = cycleEventOf(record, 1000)!;
    expect(e.fields).toMatchObject({
      JobName: 'JOB-7',
      CycleTime: 24_750,
      CycleQuality: 1,
      MachineCycleCounter: 812,
      CurrentLotName: 'PP-L1',
    });
    expect(e.injectionUnit).toEqual({
      CushionVolume: 3.1,
      DosingTime: 4200,
      InjectionTime: 850,
      VPChangeOverPosition: 12,
    });
    expect(JSON.stringify(e)).not.toContain('secret');
  });

  it('takes the fields the record lacks from the station signals, enums by name', () => {
    const e = cycleEventOf(record, 0, (f) =>
      f === 'JobCycleCounter' ? 812 : f === 'JobStatus' ? 'job_in_production' : undefined,
    )!;
    expect(e.fields.JobCycleCounter).toBe(812);
    expect(e.fields.JobStatus).toBe(6);
  });

  it('accepts EUROMAP names anywhere and ignores records without a cycle', () => {
    expect(cycleEventOf({ cycleParameters: { CycleTime: 20, cushion_volume: 2 } }, 0)).toMatchObject({
      fields: { CycleTime: 20_000 },
      injectionUnit: { CushionVolume: 2 },
    });
    expect(cycleEventOf({ unrelated: 1 }, 0)).toBeNull();
  });
});

describe('codec', () => {
  it('carries UInt64 as [high, low] both ways and refuses unsafe integers', () => {
    const c = codecFor(DataType.UInt64)!;
    const v = encode(c, 2 ** 40 + 5);
    expect(v).toEqual({ dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [256, 5] });
    expect(decode(c, v)).toEqual({ ok: true, value: 2 ** 40 + 5 });
    expect(decode(c, { dataType: DataType.UInt64, value: [2 ** 22, 0] })).toEqual({
      ok: false,
      reason: 'range',
    });
  });

  it('maps enum indices onto EUROMAP values by name and back', () => {
    const map = enumMapping(['manual', 'Semi-automatic', 'automatic'], ENUMERATIONS.MachineModeEnumeration!)!;
    expect(map).toEqual([3, 2, 1]);
    const c = codecFor(DataType.Int32, map)!;
    expect(encode(c, 2).value).toBe(1);
    expect(decode(c, { dataType: DataType.Int32, value: 3 })).toEqual({ ok: true, value: 0 });
    expect(decode(c, { dataType: DataType.Int32, value: 5 })).toEqual({ ok: false, reason: 'range' });
    expect(enumMapping(['manual', 'turbo'], ENUMERATIONS.MachineModeEnumeration!)).toBeNull();
  });

  it('scales a signal in s onto a Duration in ms', () => {
    const c = { ...codecFor(DataType.Double)!, scale: 1000 };
    expect(encode(c, 25.5).value).toBe(25_500);
    expect(decode(c, { dataType: DataType.Double, value: 30_000 })).toEqual({ ok: true, value: 30 });
  });
});

describe('units and placeholders', () => {
  it('packs UNECE common codes as OPC UA Part 8 unitIds', () => {
    expect(unitId('CEL')).toBe(4408652);
    expect(engineeringUnit('MPa')).toMatchObject({ code: 'MPA', unitId: unitId('MPA') });
    expect(engineeringUnit('L/min')?.code).toBe('L2');
    expect(engineeringUnit('furlongs')).toBeNull();
  });

  it('turns NodeSet placeholder names into patterns', () => {
    expect(placeholderPattern('InjectionUnit_<Nr>').test('InjectionUnit_1')).toBe(true);
    expect(placeholderPattern('<TemperatureZone_Nr>').test('TemperatureZone_12')).toBe(true);
    expect(placeholderPattern('<TemperatureZone_Nr>').test('Zone_1')).toBe(false);
    expect(placeholderPattern('<AxisIdentifier>').test('X')).toBe(true);
  });
});

describe('write validator', () => {
  const spec: SignalSpec = {
    key: 'imm.zone1.temp_set',
    path: ['DeviceSet', 'IMM_1', 'X'],
    type: 'float',
    kind: 'setpoint',
    unit: '°C',
    range: { min: 0, max: 350 },
    writeRoles: ['technician', 'trainer'],
    label: { fr: 'x', en: 'x' },
  };
  const codec = codecFor(DataType.Double)!;
  const w = (value: unknown, over: object = {}) =>
    validateWrite(spec, codec, {
      variant: { dataType: DataType.Double, value },
      setsStatusOrTimestamps: false,
      indexRange: false,
      roles: ['operator', 'technician'],
      ...over,
    });

  it('refuses non-finite values, ranges, roles, timestamps and read-only signals in that order', () => {
    expect(w(200)).toEqual({ ok: true, value: 200 });
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, -1, 351]) {
      expect(w(v)).toEqual({ ok: false, status: StatusCodes.BadOutOfRange });
    }
    expect(w(200, { roles: ['observer'] })).toEqual({ ok: false, status: StatusCodes.BadUserAccessDenied });
    expect(w(200, { roles: null })).toEqual({ ok: false, status: StatusCodes.BadUserAccessDenied });
    expect(w(200, { setsStatusOrTimestamps: true })).toEqual({
      ok: false,
      status: StatusCodes.BadWriteNotSupported,
    });
    expect(w(200, { variant: { dataType: DataType.Float, value: 200 } })).toEqual({
      ok: false,
      status: StatusCodes.BadTypeMismatch,
    });
    expect(
      validateWrite({ ...spec, writeRoles: [] }, codec, {
        variant: { dataType: DataType.Double, value: 1 },
        setsStatusOrTimestamps: false,
        indexRange: false,
        roles: ['trainer'],
      }),
    ).toEqual({ ok: false, status: StatusCodes.BadNotWritable });
  });
});
