/**
 * Flexible hoses whose ends move (the moving mould half's water lines): a fixed number of vertices,
 * recomputed in place from a Catmull-Rom curve through the route points when an end moves, with the
 * scene's light baked into their colours (lighting.ts), so the hoses cost one unlit draw call and no
 * allocation of GPU buffers while the mould opens and closes.
 */
import {
  BufferAttribute,
  BufferGeometry,
  CatmullRomCurve3,
  Color,
  type Material,
  Mesh,
  TubeGeometry,
  type Vector3,
} from 'three';
import { irradiance, srgb } from '../lighting.ts';

export class HoseBundle {
  readonly mesh: Mesh;
  private readonly per: number;
  private readonly tubular: number;
  private readonly radial: number;
  private readonly radius: number;
  private readonly albedo: Color[];

  constructor(
    material: Material,
    colors: readonly number[],
    opts: { radius?: number; tubular?: number; radial?: number } = {},
  ) {
    this.radius = opts.radius ?? 0.018;
    this.tubular = opts.tubular ?? 28;
    this.radial = opts.radial ?? 6;
    this.albedo = colors.map((hex) => new Color().setHex(hex));
    // TubeGeometry is indexed: (tubular + 1) × (radial + 1) vertices, tubular × radial × 6 indices
    this.per = (this.tubular + 1) * (this.radial + 1);
    const lines = colors.length;
    const n = this.per * lines;
    const geo = new BufferGeometry();
    geo.setAttribute('position', new BufferAttribute(new Float32Array(n * 3), 3));
    geo.setAttribute('color', new BufferAttribute(new Float32Array(n * 3), 3));
    const idx: number[] = [];
    for (let l = 0; l < lines; l++) {
      const o = l * this.per;
      for (let j = 1; j <= this.tubular; j++)
        for (let i = 1; i <= this.radial; i++) {
          const a = o + (this.radial + 1) * (j - 1) + (i - 1);
          const b = o + (this.radial + 1) * j + (i - 1);
          const c = o + (this.radial + 1) * j + i;
          const d = o + (this.radial + 1) * (j - 1) + i;
          idx.push(a, b, d, b, c, d);
        }
    }
    geo.setIndex(idx);
    this.mesh = new Mesh(geo, material);
    this.mesh.name = 'hoses';
    this.mesh.matrixAutoUpdate = false;
    this.mesh.frustumCulled = false;
  }

  /** Route every line through its points (world coordinates). */
  set(routes: readonly (readonly Vector3[])[]): void {
    const geo = this.mesh.geometry;
    const pos = geo.attributes.position as BufferAttribute;
    const col = geo.attributes.color as BufferAttribute;
    const p = pos.array as Float32Array;
    const c = col.array as Float32Array;
    const e: [number, number, number] = [0, 0, 0];
    routes.forEach((pts, l) => {
      const t = new TubeGeometry(
        new CatmullRomCurve3([...pts]),
        this.tubular,
        this.radius,
        this.radial,
        false,
      );
      p.set(t.attributes.position!.array as Float32Array, l * this.per * 3);
      const nor = t.attributes.normal!.array as Float32Array;
      const a = this.albedo[l]!;
      for (let i = 0; i < this.per; i++) {
        irradiance(nor[i * 3]!, nor[i * 3 + 1]!, nor[i * 3 + 2]!, e);
        const k = (l * this.per + i) * 3;
        c[k] = srgb(Math.min(1, a.r * e[0]));
        c[k + 1] = srgb(Math.min(1, a.g * e[1]));
        c[k + 2] = srgb(Math.min(1, a.b * e[2]));
      }
      t.dispose();
    });
    pos.needsUpdate = true;
    col.needsUpdate = true;
    geo.computeBoundingSphere();
  }
}
