/**
 * All moving bodies of the cell in ONE draw call: their geometries are merged with a per-vertex slot
 * index, and the vertex shader adds the slot's offset (a uniform array). Every moving body only
 * translates (platen, ejector, carriage, doors, robot axes, belt cleats, indicators), so one vec3 per slot
 * moves it. In software GL each draw call costs about a millisecond, so this is what keeps the twin in
 * its frame budget. Parts can be recoloured in place (heater bands, lamps), under their baked light.
 *
 * Picking and boxes use per-body proxies (the same geometry, in a group the animator moves, never drawn).
 */
import { BufferAttribute, type BufferGeometry, Color, Mesh, type MeshBasicMaterial, Vector3 } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { type BodyInfo, paint } from './body.ts';

export const MAX_SLOTS = 40;
const tmp = new Color();

export class Rig {
  readonly mesh: Mesh;
  readonly offsets: Vector3[] = Array.from({ length: MAX_SLOTS }, () => new Vector3());
  private readonly slots = new Map<string, number>();
  /** tag → vertex ranges in the merged geometry */
  private readonly tagVerts = new Map<string, [number, number][]>();
  private readonly light: Float32Array;
  private readonly colors: BufferAttribute;
  private dirty: [number, number] | null = null;

  constructor(
    parts: readonly { slot: string; geo: BufferGeometry; info: BodyInfo }[],
    material: MeshBasicMaterial,
  ) {
    const geos: BufferGeometry[] = [];
    let vbase = 0;
    const lights: Float32Array[] = [];
    for (const p of parts) {
      let s = this.slots.get(p.slot);
      if (s === undefined) {
        s = this.slots.size;
        if (s >= MAX_SLOTS) throw new Error('twin: too many rig slots');
        this.slots.set(p.slot, s);
      }
      const g = p.geo.clone();
      const n = g.attributes.position!.count;
      g.setAttribute('slot', new BufferAttribute(new Float32Array(n).fill(s), 1));
      geos.push(g);
      lights.push(p.info.light);
      for (const r of p.info.ranges) {
        const list = this.tagVerts.get(r.tag) ?? [];
        list.push([vbase + r.vstart, r.vcount]);
        this.tagVerts.set(r.tag, list);
      }
      vbase += n;
    }
    const geo = mergeGeometries(geos);
    if (!geo) throw new Error('twin: could not merge the rig');
    for (const g of geos) g.dispose();
    geo.deleteAttribute('normal');
    this.light = new Float32Array(vbase * 3);
    let o = 0;
    for (const l of lights) {
      this.light.set(l, o);
      o += l.length;
    }
    this.colors = geo.attributes.color as BufferAttribute;
    const offsets = this.offsets;
    material.onBeforeCompile = (shader) => {
      shader.uniforms.slotOffset = { value: offsets };
      shader.vertexShader = shader.vertexShader
        .replace(
          'void main() {',
          `attribute float slot;\nuniform vec3 slotOffset[${MAX_SLOTS}];\nvoid main() {`,
        )
        .replace(
          '#include <begin_vertex>',
          '#include <begin_vertex>\ntransformed += slotOffset[int(slot + 0.5)];',
        );
    };
    material.customProgramCacheKey = () => 'plastlab-rig';
    this.mesh = new Mesh(geo, material);
    this.mesh.name = 'rig';
    this.mesh.matrixAutoUpdate = false;
    // bodies move out of their rest bounds: never cull the rig as a whole
    this.mesh.frustumCulled = false;
  }

  slot(name: string): number | undefined {
    return this.slots.get(name);
  }

  setOffset(slot: string, x: number, y: number, z: number): void {
    const i = this.slots.get(slot);
    if (i !== undefined) this.offsets[i]!.set(x, y, z);
  }

  /** Recolour every vertex of a tag (hex or sRGB components 0…1). */
  recolor(tag: string, color: number | readonly [number, number, number]): void {
    const ranges = this.tagVerts.get(tag);
    if (!ranges) return;
    if (typeof color === 'number') tmp.setHex(color);
    else tmp.setRGB(color[0], color[1], color[2], 'srgb');
    const arr = this.colors.array as Float32Array;
    for (const [from, count] of ranges) {
      paint(arr, this.light, from, count, tmp);
      this.dirty = this.dirty
        ? [Math.min(this.dirty[0], from), Math.max(this.dirty[1], from + count)]
        : [from, from + count];
    }
  }

  /** Upload the recoloured range (once per frame at most). */
  commit(): void {
    if (!this.dirty) return;
    this.colors.clearUpdateRanges();
    this.colors.addUpdateRange(this.dirty[0] * 3, (this.dirty[1] - this.dirty[0]) * 3);
    this.colors.needsUpdate = true;
    this.dirty = null;
  }
}
