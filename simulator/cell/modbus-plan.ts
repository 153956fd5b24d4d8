/**
 * Modbus address plan of one station (docs/physics.md "Modbus block plan"): each equipment owns a block of
 * addresses in each of the four tables (input registers, holding registers, coils, discrete inputs).
 */
import type { ModbusBase } from './signals.ts';

const block = (start: number): ModbusBase => ({ input: start, holding: start, coil: start, discrete: start });

export const MODBUS_BLOCKS = {
  imm: block(0), // 0–499 (the EUROMAP-style status words sit at HR 0–25, zones at IR/HR 100+)
  mould: block(1000), // 1000–1199
  tcu1: block(1200),
  tcu2: block(1300),
  dryer: block(1400),
  hotrunner: block(1500),
  robot: block(1600), // + EUROMAP 67: robot → IMM on coils, IMM → robot on discrete inputs
  conveyor: block(1700),
  vision: block(1800),
  laser: block(1900),
  energy: block(2000), // float32 kW / kWh
  ambient: block(2100),
  blender: block(2200),
  hopper: block(2300),
} as const satisfies Record<string, ModbusBase>;

export const MODBUS_BLOCK_SIZE: Readonly<Record<keyof typeof MODBUS_BLOCKS, number>> = {
  imm: 500,
  mould: 200,
  tcu1: 100,
  tcu2: 100,
  dryer: 100,
  hotrunner: 100,
  robot: 100,
  conveyor: 100,
  vision: 100,
  laser: 100,
  energy: 100,
  ambient: 100,
  blender: 100,
  hopper: 100,
};
