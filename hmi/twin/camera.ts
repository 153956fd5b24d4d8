/**
 * Camera presets: where a technician would stand to look at each part of the cell. Keys 1–6 and the
 * toolbar's buttons reach them; moving between two is a short eased flight (none when the user prefers
 * reduced motion).
 */
import { Vector3 } from 'three';

export const PRESETS = ['overview', 'mould', 'injection', 'robot', 'conveyor', 'peripherals'] as const;
export type PresetId = (typeof PRESETS)[number];

export const PRESET_VIEW: Record<PresetId, { readonly pos: Vector3; readonly target: Vector3 }> = {
  overview: { pos: new Vector3(3.7, 4.4, 3.9), target: new Vector3(0.1, 0.7, -0.6) },
  mould: { pos: new Vector3(0.1, 1.8, 2.0), target: new Vector3(0.42, 1.18, 0) },
  injection: { pos: new Vector3(-0.6, 2.1, 2.7), target: new Vector3(-1.15, 1.25, 0) },
  robot: { pos: new Vector3(1.9, 2.9, -3.1), target: new Vector3(0.3, 1.55, -0.75) },
  conveyor: { pos: new Vector3(2.2, 3.0, -4.6), target: new Vector3(1.9, 1.1, -1.4) },
  peripherals: { pos: new Vector3(-3.4, 2.6, -4.2), target: new Vector3(-1.2, 0.9, -1.0) },
};

export const easeInOut = (u: number): number => (u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2);
