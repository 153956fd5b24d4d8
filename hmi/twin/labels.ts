/**
 * Labels over the 3D view as HTML (crisp at any resolution, no draw call, real text): each label follows a
 * point of the scene, shows a few lines (name, live values, alarms in words), and "detail" labels (zones,
 * sensors) appear only when the camera is close. Text goes in with textContent, never as HTML. The layer
 * is aria-hidden: the equipment list beside the view carries the same information for assistive tech.
 */
import type { PerspectiveCamera, Vector3 } from 'three';
import { Vector3 as V3 } from 'three';

export interface LabelLine {
  readonly text: string;
  /** `title`, `value`, `warn`, `alarm`, `info` */
  readonly cls?: string;
}

export interface LabelDef {
  readonly id: string;
  readonly point: () => Vector3 | undefined;
  /** shown only when the camera is within DETAIL_M of the point */
  readonly detail?: boolean;
}

const DETAIL_M = 3.4;
const v = new V3();

interface Item {
  readonly def: LabelDef;
  readonly el: HTMLDivElement;
  text: string;
  shown: boolean;
  /** hidden behind geometry (set by the engine's occlusion check) */
  occluded: boolean;
  /** size in CSS pixels, measured when the text changes */
  w: number;
  h: number;
  rank: number;
  /** last transform written (skip unchanged writes) */
  tx: number;
  ty: number;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export class LabelLayer {
  readonly el: HTMLDivElement;
  private readonly items = new Map<string, Item>();

  constructor(host: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'twin-labels';
    this.el.setAttribute('aria-hidden', 'true');
    host.appendChild(this.el);
  }

  define(def: LabelDef): void {
    if (this.items.has(def.id)) return;
    const el = document.createElement('div');
    el.className = 'twin-label';
    el.dataset.label = def.id;
    el.style.display = 'none';
    this.el.appendChild(el);
    this.items.set(def.id, {
      def,
      el,
      text: '',
      shown: false,
      occluded: false,
      w: 0,
      h: 0,
      rank: 0,
      tx: Number.NaN,
      ty: 0,
    });
  }

  ids(): string[] {
    return [...this.items.keys()];
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  /** Set a label's lines; empty hides it. */
  set(id: string, lines: readonly LabelLine[]): void {
    const it = this.items.get(id);
    if (!it) return;
    const key = lines.map((l) => `${l.cls ?? ''}:${l.text}`).join('\n');
    if (key === it.text) return;
    it.text = key;
    it.el.replaceChildren(
      ...lines.map((l) => {
        const d = document.createElement('div');
        d.className = `tl-${l.cls ?? 'value'}`;
        d.textContent = l.text;
        return d;
      }),
    );
    const worst = lines.some((l) => l.cls === 'alarm')
      ? 'alarm'
      : lines.some((l) => l.cls === 'warn')
        ? 'warn'
        : '';
    it.el.className = `twin-label${worst ? ` is-${worst}` : ''}${it.def.detail ? ' is-detail' : ''}`;
    // alarms first, then warnings, equipment names, details
    it.rank = worst === 'alarm' ? 3 : worst === 'warn' ? 2 : it.def.detail ? 0 : 1;
    it.w = 0;
  }

  setOccluded(id: string, occluded: boolean): void {
    const it = this.items.get(id);
    if (it) it.occluded = occluded;
  }

  /** Labels with text and their anchor points (for the occlusion check). */
  points(): { id: string; point: Vector3 }[] {
    const out: { id: string; point: Vector3 }[] = [];
    for (const it of this.items.values()) {
      if (!it.text) continue;
      const p = it.def.point();
      if (p) out.push({ id: it.def.id, point: p });
    }
    return out;
  }

  /**
   * Position every label for this camera and view size (CSS pixels). Labels behind geometry are hidden;
   * overlapping ones are moved up a little, then dropped, the most important kept (alarms never drop).
   */
  place(camera: PerspectiveCamera, w: number, h: number): void {
    // measure the labels whose text changed (all reads first: one layout, no thrashing)
    const fresh = [...this.items.values()].filter((it) => it.text && !it.w);
    for (const it of fresh) if (!it.shown) it.el.style.display = '';
    for (const it of fresh) {
      it.w = it.el.offsetWidth;
      it.h = it.el.offsetHeight;
    }
    for (const it of fresh) if (!it.shown) it.el.style.display = 'none';
    const placed: Rect[] = [];
    const order = [...this.items.values()].sort((a, b) => b.rank - a.rank);
    for (const it of order) {
      const p = it.text && !(it.occluded && it.rank < 3) ? it.def.point() : undefined;
      let show = !!p;
      let x = 0;
      let y = 0;
      if (p) {
        if (it.def.detail && camera.position.distanceTo(p) > DETAIL_M) show = false;
        v.copy(p).project(camera);
        if (v.z > 1 || v.z < -1 || Math.abs(v.x) > 1.05 || Math.abs(v.y) > 1.05) show = false;
        x = ((v.x + 1) / 2) * w;
        y = ((1 - v.y) / 2) * h;
      }
      if (show) {
        let r: Rect | null = null;
        for (let k = 0; k < 3; k++) {
          const yy = y - k * (it.h + 2);
          const c = { x0: x - it.w / 2, y0: yy - it.h, x1: x + it.w / 2, y1: yy };
          if (!placed.some((q) => overlaps(q, c))) {
            r = c;
            y = yy;
            break;
          }
        }
        if (!r && it.rank === 3) r = { x0: x - it.w / 2, y0: y - it.h, x1: x + it.w / 2, y1: y };
        if (r) {
          placed.push(r);
          const rx = Math.round(x - it.w / 2);
          const ry = Math.round(y - it.h);
          if (rx !== it.tx || ry !== it.ty) {
            it.el.style.transform = `translate(${rx}px, ${ry}px)`;
            it.tx = rx;
            it.ty = ry;
          }
        } else show = false;
      }
      if (show !== it.shown) {
        it.el.style.display = show ? '' : 'none';
        it.shown = show;
      }
    }
  }

  /** A label's text, shown or not (tests, assistive summaries). */
  text(id: string): string {
    return this.items.get(id)?.el.textContent ?? '';
  }

  /** Ids of the labels on screen now, with their text (tests, screen readers' summary). */
  visible(): { id: string; text: string }[] {
    return [...this.items.values()]
      .filter((i) => i.shown)
      .map((i) => ({ id: i.def.id, text: i.el.textContent ?? '' }));
  }

  dispose(): void {
    this.el.remove();
    this.items.clear();
  }
}
