/**
 * A rigid body of the scene built from primitives, merged into one geometry with per-vertex colours (the
 * scene's light baked in, sRGB-encoded: lighting.ts). Each primitive carries a tag (`tcu1`, `imm/zone2`,
 * `mould/sensors`…); the body keeps, per tag, its triangle ranges (picking: a ray's face index gives the
 * tag; recolouring: a heater band's or a lamp's vertices) and its local bounding box (highlights, labels),
 * and per vertex its light factor, so a part can be recoloured under the same light.
 */
import {
  type Box3,
  BoxGeometry,
  BufferAttribute,
  type BufferGeometry,
  Color,
  CylinderGeometry,
  Euler,
  type Material,
  Matrix4,
  Mesh,
  Quaternion,
  SphereGeometry,
  Vector3,
} from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { irradiance, srgb } from '../lighting.ts';

export interface TagRange {
  readonly tag: string;
  /** first triangle */
  readonly start: number;
  /** triangles */
  readonly count: number;
  /** first vertex */
  readonly vstart: number;
  /** vertices */
  readonly vcount: number;
}

export interface BodyInfo {
  readonly ranges: readonly TagRange[];
  readonly boxes: ReadonlyMap<string, Box3>;
  /** light factor per vertex and channel (1 for unlit parts such as lamps) */
  readonly light: Float32Array;
}

export type Axis = 'x' | 'y' | 'z';
type P3 = [number, number, number];
const tmpColor = new Color();

export class BodyBuilder {
  private readonly parts: { geo: BufferGeometry; tag: string; light: Float32Array }[] = [];

  /** Add a geometry (consumed), coloured, transformed by `m`; `unlit` keeps its colour as is (lamps). */
  add(geo: BufferGeometry, color: number, tag: string, m?: Matrix4, unlit = false): this {
    // indexed: a vertex shared by its face's triangles is shaded once (a box: 24 vertices, not 36)
    const g = geo;
    if (!g.index) g.setIndex(Array.from({ length: g.attributes.position!.count }, (_, i) => i));
    if (m) g.applyMatrix4(m);
    for (const name of Object.keys(g.attributes))
      if (name !== 'position' && name !== 'normal') g.deleteAttribute(name);
    if (!g.attributes.normal) g.computeVertexNormals();
    const n = g.attributes.position!.count;
    const nor = g.attributes.normal!.array as ArrayLike<number>;
    const light = new Float32Array(n * 3);
    const e: P3 = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      if (unlit) e[0] = e[1] = e[2] = -1;
      else irradiance(nor[i * 3]!, nor[i * 3 + 1]!, nor[i * 3 + 2]!, e);
      light.set(e, i * 3);
    }
    const c = new Float32Array(n * 3);
    tmpColor.setHex(color);
    paint(c, light, 0, n, tmpColor);
    g.setAttribute('color', new BufferAttribute(c, 3));
    this.parts.push({ geo: g, tag, light });
    return this;
  }

  box(size: P3, at: P3, color: number, tag: string, rot?: P3, unlit = false): this {
    return this.add(new BoxGeometry(...size), color, tag, place(at, rot), unlit);
  }

  /** Box spanning two corners. */
  span(a: P3, b: P3, color: number, tag: string): this {
    const size: P3 = [Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]), Math.abs(b[2] - a[2])];
    const at: P3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    return this.box(size, at, color, tag);
  }

  /** Cylinder along an axis, centred at `at`; `r2` makes a cone frustum (radius at the +axis end). */
  cyl(
    r: number,
    len: number,
    axis: Axis,
    at: P3,
    color: number,
    tag: string,
    opts: { r2?: number; seg?: number; open?: boolean; unlit?: boolean } = {},
  ): this {
    const g = new CylinderGeometry(opts.r2 ?? r, r, len, opts.seg ?? 20, 1, opts.open ?? false);
    const rot: P3 = axis === 'x' ? [0, 0, -Math.PI / 2] : axis === 'z' ? [Math.PI / 2, 0, 0] : [0, 0, 0];
    return this.add(g, color, tag, place(at, rot), opts.unlit ?? false);
  }

  sphere(r: number, at: P3, color: number, tag: string, seg = 12): this {
    return this.add(new SphereGeometry(r, seg, Math.max(6, seg / 2)), color, tag, place(at));
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** Merge into one geometry with its tag table. */
  merge(name: string): { geo: BufferGeometry; info: BodyInfo } {
    const ranges: TagRange[] = [];
    const boxes = new Map<string, Box3>();
    let tri = 0;
    let vert = 0;
    for (const p of this.parts) {
      const count = p.geo.index!.count / 3;
      const vcount = p.geo.attributes.position!.count;
      const last = ranges[ranges.length - 1];
      if (last && last.tag === p.tag)
        ranges[ranges.length - 1] = { ...last, count: last.count + count, vcount: last.vcount + vcount };
      else ranges.push({ tag: p.tag, start: tri, count, vstart: vert, vcount });
      tri += count;
      vert += vcount;
      p.geo.computeBoundingBox();
      const b = boxes.get(p.tag);
      if (b) b.union(p.geo.boundingBox!);
      else boxes.set(p.tag, p.geo.boundingBox!.clone());
    }
    const geo = mergeGeometries(this.parts.map((p) => p.geo));
    if (!geo) throw new Error(`twin: could not merge body ${name}`);
    const light = new Float32Array(geo.attributes.position!.count * 3);
    let o = 0;
    for (const p of this.parts) {
      light.set(p.light, o);
      o += p.light.length;
      p.geo.dispose();
    }
    geo.computeBoundingSphere();
    geo.computeBoundingBox();
    return { geo, info: { ranges, boxes, light } };
  }

  /** Merge into one mesh (its tag table in `userData.body`). */
  build(material: Material, name: string): Mesh {
    const { geo, info } = this.merge(name);
    const mesh = new Mesh(geo, material);
    mesh.name = name;
    mesh.matrixAutoUpdate = false;
    mesh.userData.body = info;
    return mesh;
  }
}

/** Write a colour under the baked light into vertices [from, from + count) of a colour array. */
export function paint(
  colors: Float32Array,
  light: Float32Array,
  from: number,
  count: number,
  c: Color,
): void {
  for (let i = from; i < from + count; i++) {
    const k = i * 3;
    if (light[k]! < 0) {
      // unlit: the colour as is, sRGB
      colors[k] = srgb(c.r);
      colors[k + 1] = srgb(c.g);
      colors[k + 2] = srgb(c.b);
    } else {
      colors[k] = srgb(Math.min(1, c.r * light[k]!));
      colors[k + 1] = srgb(Math.min(1, c.g * light[k + 1]!));
      colors[k + 2] = srgb(Math.min(1, c.b * light[k + 2]!));
    }
  }
}

export function place(at: P3, rot?: P3, scale?: P3): Matrix4 {
  const q = new Quaternion();
  if (rot) q.setFromEuler(new Euler(...rot));
  return new Matrix4().compose(new Vector3(...at), q, new Vector3(...(scale ?? [1, 1, 1])));
}

/** The tag of a face of a merged body (binary search in its ranges). */
export function tagOfFace(info: BodyInfo, face: number): string | undefined {
  const r = info.ranges;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = r[mid]!;
    if (face < x.start) hi = mid - 1;
    else if (face >= x.start + x.count) lo = mid + 1;
    else return x.tag;
  }
  return undefined;
}
