/** Small helpers shared by the catalogue entries. */
import type { ComponentOption, FaultInstance, ParamValue } from '../types.ts';

/** A number parameter of an instance, or its default. */
export function num(inst: Pick<FaultInstance, 'params'>, key: string, dflt: number): number {
  const v = inst.params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

export function str(inst: Pick<FaultInstance, 'params'>, key: string, dflt: string): string {
  const v = inst.params[key];
  return typeof v === 'string' && v ? v : dflt;
}

export const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
export const lerp = (a: number, b: number, x: number): number => a + (b - a) * x;

/** Options `prefix{id}suffix` with indices 0…n−1, e.g. `barrel.z1_heater` … `barrel.z4_heater`. */
export function indexed(ids: readonly string[], variant?: string): ComponentOption[] {
  return ids.map((id, index) => ({ id, index, ...(variant ? { variants: [variant] } : {}) }));
}

/** The surface index of an instance's component (0 when the option has none). */
export function indexOf(options: readonly ComponentOption[], component: string): number {
  return options.find((o) => o.id === component)?.index ?? 0;
}

/** the instance's component stands for itself in repair alternatives */
export const SAME = '$component';
/** the equipment part of the instance's component (`tcu_moving.pump` → `tcu_moving`) */
export const EQUIPMENT = '$equipment';

export const memoNum = (inst: FaultInstance, key: string): number | undefined => {
  const v = inst.memo[key];
  return typeof v === 'number' ? v : undefined;
};

export const isParam = (v: unknown): v is ParamValue =>
  typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
