import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../simulator/kernel/errors.ts';
import { SignalRegistry } from '../../../simulator/kernel/registry.ts';
import type { SignalDefInput } from '../../../simulator/kernel/signal-schema.ts';

const base = (over: Partial<SignalDefInput> = {}): SignalDefInput => ({
  id: 'zone1.temp_sp',
  label: { fr: 'Consigne zone 1', en: 'Zone 1 set point' },
  type: 'float',
  unit: '°C',
  range: { min: 0, max: 400 },
  access: { read: ['operator'], write: ['technician'] },
  visibility: 'candidate',
  kind: 'setpoint',
  ...over,
});

const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
};

describe('signal registry validation', () => {
  it('accepts a valid declaration and gives dense indices and full keys', () => {
    const r = new SignalRegistry([
      { equipment: 'imm', signals: [base(), base({ id: 'zone2.temp_sp' })] },
      { equipment: 'tcu1', signals: [base({ id: 'supply_sp' })] },
    ]);
    expect(r.size).toBe(3);
    expect(r.get('tcu1.supply_sp')?.index).toBe(2);
    expect(r.indexOf('imm.zone2.temp_sp')).toBe(1);
    expect(r.get('imm.zone1.temp_sp')?.channels).toEqual({});
  });

  it('names the field of a wrong type', () => {
    const e = errorOf(
      () => new SignalRegistry([{ equipment: 'imm', signals: [base({ type: 'double' as never })] }]),
    );
    expect(e.message).toContain('imm.signals[0] (zone1.temp_sp).type');
  });

  it('names an unknown key (typo) instead of ignoring it', () => {
    const bad = { ...base(), visiblity: 'candidate' } as unknown as SignalDefInput;
    const e = errorOf(() => new SignalRegistry([{ equipment: 'imm', signals: [bad] }]));
    expect(e.message).toMatch(/imm\.signals\[0\] \(zone1\.temp_sp\).*visiblity/);
  });

  it('requires a range on a writable number and names it', () => {
    const { range: _r, ...noRange } = base();
    const e = errorOf(() => new SignalRegistry([{ equipment: 'imm', signals: [noRange] }]));
    expect(e.message).toContain(
      'imm.signals[0] (zone1.temp_sp).range: a writable numeric signal needs a range',
    );
  });

  it('rejects min ≥ max', () => {
    const e = errorOf(
      () => new SignalRegistry([{ equipment: 'imm', signals: [base({ range: { min: 10, max: 10 } })] }]),
    );
    expect(e.message).toContain('range');
    expect(e.message).toContain('below range.max');
  });

  it('rejects a Modbus address beyond 65535 naming the limit', () => {
    const e = errorOf(
      () =>
        new SignalRegistry([
          {
            equipment: 'imm',
            signals: [
              base({ channels: { modbus: { table: 'holding', address: 70000, encoding: 'int16' } } }),
            ],
          },
        ]),
    );
    expect(e.message).toContain('channels.modbus.address');
    expect(e.message).toContain('65535');
  });

  it('rejects overlapping Modbus registers, naming both signals', () => {
    const e = errorOf(
      () =>
        new SignalRegistry([
          {
            equipment: 'imm',
            signals: [
              base({ channels: { modbus: { table: 'holding', address: 10, encoding: 'float32' } } }),
              base({
                id: 'zone2.temp_sp',
                channels: { modbus: { table: 'holding', address: 11, encoding: 'int16' } },
              }),
            ],
          },
        ]),
    );
    expect(e.message).toContain(
      'imm.zone2.temp_sp.channels.modbus.address: holding 11 overlaps imm.zone1.temp_sp',
    );
  });

  it('rejects a writable signal on a read-only Modbus table', () => {
    const e = errorOf(
      () =>
        new SignalRegistry([
          {
            equipment: 'imm',
            signals: [base({ channels: { modbus: { table: 'input', address: 0, encoding: 'int16' } } })],
          },
        ]),
    );
    expect(e.message).toContain('channels.modbus.table');
  });

  it('keeps trainer-only signals off every candidate channel and role', () => {
    const e = errorOf(
      () =>
        new SignalRegistry([
          {
            equipment: 'imm',
            signals: [
              base({
                id: 'check_ring_gap',
                visibility: 'trainer',
                access: { read: ['trainer', 'operator'], write: [] },
                channels: { mqtt: { topic: 'imm/gap' } },
              }),
            ],
          },
        ]),
    );
    expect(e.message).toContain('access.read: a trainer-only signal cannot grant candidate roles');
    expect(e.message).toContain('channels: a trainer-only signal cannot be mapped');
  });

  it('rejects duplicate ids, browse paths and topics', () => {
    const e = errorOf(
      () =>
        new SignalRegistry([
          {
            equipment: 'imm',
            signals: [
              base({ channels: { opcua: { browsePath: 'DeviceSet/IMM_1/X' }, mqtt: { topic: 'imm/x' } } }),
              base(),
              base({
                id: 'other',
                channels: { opcua: { browsePath: 'DeviceSet/IMM_1/X' }, mqtt: { topic: 'imm/x' } },
              }),
            ],
          },
        ]),
    );
    expect(e.issues).toContain('imm.zone1.temp_sp: duplicate signal id');
    expect(e.message).toContain('browsePath: "DeviceSet/IMM_1/X" already used by imm.zone1.temp_sp');
    expect(e.message).toContain('topic: "imm/x" already used by imm.zone1.temp_sp');
  });

  it('requires enum values for an enum', () => {
    const e = errorOf(
      () =>
        new SignalRegistry([
          { equipment: 'imm', signals: [base({ id: 'mode', type: 'enum', range: undefined })] },
        ]),
    );
    expect(e.message).toContain('enumValues: required when type is "enum"');
  });
});
