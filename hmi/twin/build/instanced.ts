/**
 * Instanced parts of the scene, each one draw call: heater bands (colour = measured temperature), moulded
 * lids (in the mould, on the gripper, on the belt, in the bins), lamps (stack light, ring light, laser
 * beam, photo-eye beam, status LEDs), condensation droplets, belt cleats and alarm highlight volumes.
 */
import {
  BoxGeometry,
  Color,
  CylinderGeometry,
  DynamicDrawUsage,
  InstancedMesh,
  type Material,
  Matrix4,
  Quaternion,
  SphereGeometry,
  Vector3,
} from 'three';

const m4 = new Matrix4();
const q = new Quaternion();
const v = new Vector3();
const s = new Vector3();
const c = new Color();
export const ZERO = new Matrix4().makeScale(0, 0, 0);

/** An instanced mesh with helpers to set one instance's transform and colour. */
export class Instances {
  readonly mesh: InstancedMesh;
  constructor(
    geo: ConstructorParameters<typeof InstancedMesh>[0],
    material: Material,
    max: number,
    name: string,
  ) {
    this.mesh = new InstancedMesh(geo, material, max);
    this.mesh.name = name;
    this.mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    this.mesh.matrixAutoUpdate = false;
    this.mesh.frustumCulled = false;
    for (let i = 0; i < max; i++) {
      this.mesh.setMatrixAt(i, ZERO);
      this.mesh.setColorAt(i, c.setHex(0xffffff));
    }
    this.mesh.count = max;
  }

  /** Place instance `i` at `at`, scaled, rotated by Euler-like quaternion `rot` (optional). */
  put(
    i: number,
    at: [number, number, number],
    scale: [number, number, number] = [1, 1, 1],
    rot?: Quaternion,
  ): void {
    m4.compose(v.set(...at), rot ?? q.identity(), s.set(...scale));
    this.mesh.setMatrixAt(i, m4);
  }

  hide(i: number): void {
    this.mesh.setMatrixAt(i, ZERO);
  }

  color(i: number, hex: number | [number, number, number]): void {
    if (typeof hex === 'number') c.setHex(hex);
    else c.setRGB(hex[0], hex[1], hex[2], 'srgb');
    this.mesh.setColorAt(i, c);
  }

  commit(): void {
    this.mesh.instanceMatrix.needsUpdate = true;
    if (this.mesh.instanceColor) this.mesh.instanceColor.needsUpdate = true;
  }
}

export const geometries = {
  /** unit cylinder along Y (height 1, radius 1) */
  cylinder: () => new CylinderGeometry(1, 1, 1, 28, 1, true),
  disc: () => new CylinderGeometry(1, 1, 1, 28, 1, false),
  box: () => new BoxGeometry(1, 1, 1),
  sphere: (seg = 12) => new SphereGeometry(1, seg, Math.max(4, seg / 2)),
};

/** A quaternion turning the Y axis to X (lids facing the moving half). */
export const Y_TO_X = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), -Math.PI / 2);
export const Y_TO_Z = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI / 2);

/** Deterministic pseudo-random numbers (mulberry32), for droplet positions. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
