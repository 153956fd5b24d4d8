/**
 * Motion between samples: each moving quantity eases towards its latest value with a short time constant
 * (≈ one 100 ms tick), so a 10 Hz signal drives a smooth animation at display rate and the scene stops
 * rendering once everything has arrived. A jump (replay seek, first value) snaps.
 */
export const POSE_KEYS = [
  'mould',
  'ejector',
  'screw',
  'carriage',
  'front',
  'rear',
  'purge',
  'door',
  'rx',
  'ry',
  'rz',
  'travel',
] as const;
export type PoseKey = (typeof POSE_KEYS)[number];
export type Pose = Record<PoseKey, number>;

/** settle thresholds per quantity (same unit as the quantity) */
const EPS: Pose = {
  mould: 0.2,
  ejector: 0.1,
  screw: 0.05,
  carriage: 0.002,
  front: 0.002,
  rear: 0.002,
  purge: 0.002,
  door: 0.002,
  rx: 0.3,
  ry: 0.3,
  rz: 0.3,
  travel: 0.0005,
};

export const restPose = (): Pose => ({
  mould: 0,
  ejector: 0,
  screw: 0,
  carriage: 0,
  front: 0,
  rear: 0,
  purge: 0,
  door: 0,
  rx: 0,
  ry: 0,
  rz: 0,
  travel: 0,
});

export class Smoother {
  readonly current: Pose = restPose();
  private readonly target: Pose = restPose();
  private moving = false;
  /** time constant, ms */
  tauMs = 80;

  set(p: Partial<Pose>, snap = false): void {
    for (const k of POSE_KEYS) {
      const v = p[k];
      if (v === undefined || !Number.isFinite(v)) continue;
      this.target[k] = v;
      if (snap) this.current[k] = v;
      else if (this.current[k] !== v) this.moving = true;
    }
  }

  /** Advance by `dtMs`; true while something still moves. */
  step(dtMs: number): boolean {
    if (!this.moving) return false;
    const a = 1 - Math.exp(-Math.max(0, dtMs) / this.tauMs);
    let still = false;
    for (const k of POSE_KEYS) {
      const d = this.target[k] - this.current[k];
      if (d === 0) continue;
      if (Math.abs(d) <= EPS[k]) this.current[k] = this.target[k];
      else {
        this.current[k] += d * a;
        still = true;
      }
    }
    this.moving = still;
    return still;
  }

  get isMoving(): boolean {
    return this.moving;
  }
}
