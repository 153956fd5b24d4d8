/**
 * Outline boxes (alarm highlights, the hovered or focused equipment): the 12 edges of up to N boxes in one
 * line mesh with per-vertex colours, rewritten when they change. Lines cost no fill (a translucent volume
 * over a big anchor would hide what it points at and cost a full layer of pixels in software GL); each box
 * is drawn twice, a hair apart, so the edge reads at a distance.
 */
import { type Box3, BufferAttribute, BufferGeometry, Color, LineSegments, type Material } from 'three';
import { srgb } from '../lighting.ts';

const EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 3],
  [3, 2],
  [2, 0],
  [4, 5],
  [5, 7],
  [7, 6],
  [6, 4],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];
const PER_BOX = EDGES.length * 2 * 2;
const c = new Color();

export class Outlines {
  readonly lines: LineSegments;
  private readonly max: number;

  constructor(material: Material, max: number) {
    this.max = max;
    const geo = new BufferGeometry();
    geo.setAttribute('position', new BufferAttribute(new Float32Array(max * PER_BOX * 3), 3));
    geo.setAttribute('color', new BufferAttribute(new Float32Array(max * PER_BOX * 3), 3));
    geo.setDrawRange(0, 0);
    this.lines = new LineSegments(geo, material);
    this.lines.frustumCulled = false;
    this.lines.matrixAutoUpdate = false;
    this.lines.visible = false;
  }

  /** Draw these boxes (world space) in these colours (hex, already the colour to show). */
  set(boxes: readonly { readonly box: Box3; readonly color: number }[]): void {
    const geo = this.lines.geometry;
    const pos = geo.attributes.position!.array as Float32Array;
    const col = geo.attributes.color!.array as Float32Array;
    let v = 0;
    for (const { box, color } of boxes.slice(0, this.max)) {
      c.setHex(color);
      const rgb = [srgb(c.r), srgb(c.g), srgb(c.b)];
      for (const pad of [0, 0.012]) {
        const lo = [box.min.x - pad, box.min.y - pad, box.min.z - pad];
        const hi = [box.max.x + pad, box.max.y + pad, box.max.z + pad];
        const corner = (i: number) => [
          i & 1 ? hi[0]! : lo[0]!,
          i & 2 ? hi[1]! : lo[1]!,
          i & 4 ? hi[2]! : lo[2]!,
        ];
        for (const [a, b] of EDGES) {
          for (const k of [a, b]) {
            pos.set(corner(k), v * 3);
            col.set(rgb, v * 3);
            v++;
          }
        }
      }
    }
    geo.setDrawRange(0, v);
    geo.attributes.position!.needsUpdate = true;
    geo.attributes.color!.needsUpdate = true;
    this.lines.visible = v > 0;
  }
}
