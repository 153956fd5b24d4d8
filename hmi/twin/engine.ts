/**
 * The twin's engine: the WebGL renderer, the camera with orbit/zoom controls and presets, the
 * render-on-demand loop, picking and hover, the label layer, and `update()` that turns bound process
 * values into the scene's state.
 *
 * Rendering happens only when something changed (a new tick, the camera moved, an animation or a
 * highlight blink in progress) and at most once per display frame (requestAnimationFrame), optionally
 * capped lower (`maxFps`); when the cell stands still and nobody touches the view, no frame is drawn.
 */
import {
  LinearSRGBColorSpace,
  PerspectiveCamera,
  Raycaster,
  Spherical,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { WireAlarm } from '../../simulator/server/realtime/wire.ts';
import { CellAnimator, type Discrete, type Light } from './animate.ts';
import type { Bindings, Readings } from './bindings.ts';
import { type BodyInfo, tagOfFace } from './build/body.ts';
import { easeInOut, PRESET_VIEW, type PresetId } from './camera.ts';
import { mouldCondensation } from './condensation.ts';
import { LabelLayer } from './labels.ts';
import { BINS, STACK } from './layout.ts';
import { SEVERITY_COLOR } from './palette.ts';
import type { PartsFlow } from './parts-flow.ts';
import { buildScene, type CellScene } from './scene.ts';
import { Smoother } from './smoothing.ts';
import { highlights as alarmHighlights, type Highlight } from './symptoms.ts';
import { labelLines, statusLine, type TextContext } from './text.ts';

export interface EngineOptions {
  /** the element the canvas and labels go in (its size is the view's size) */
  readonly host: HTMLElement;
  /** open the faceplate of a station equipment */
  readonly onOpen: (equipment: string) => void;
  /** the equipment under the pointer changed */
  readonly onHover?: (equipment: string | null) => void;
  /** a new status line (phase, mode…) */
  readonly onStatus?: (line: string) => void;
  /** cap below the display rate (default: none, i.e. the display rate) */
  readonly maxFps?: number;
  /**
   * Adaptive resolution (default on): while the view animates below ~30 frames/s (software GL, a
   * weak GPU), the drawing buffer shrinks step by step (down to half the pixels per axis) and grows back
   * when frames are fast; a still view is always redrawn at full resolution.
   */
  readonly adaptive?: boolean;
  readonly antialias?: boolean;
  readonly canvasLabel: string;
  readonly canvasDescription?: string;
}

export interface UpdateInput {
  readonly r: Readings;
  /** simulation ms */
  readonly t: number;
  readonly alarms: readonly WireAlarm[];
  readonly flow: PartsFlow;
  /** jump without easing (replay seek, first frame) */
  readonly snap?: boolean;
}

/** Scene roles that are not per-unit: matched to the station's equipment ids by kind. */
const ROLE_PATTERNS: Record<string, RegExp> = {
  imm: /^(imm|machine|press)\d*$/,
  mould: /^(mould|mold)\d*$/,
  robot: /^robot\d*$/,
  conveyor: /^conveyor\d*$/,
  vision: /^(vision|camera)\d*$/,
  laser: /^(laser|marking|marker)\d*$/,
  hopper: /^(hopper|loader)\d*$/,
  blender: /^blender\d*$/,
  dryer: /^dryer\d*$/,
  energy: /^(energy|meters?|power)\d*$/,
  ambient: /^(ambient|environment|shop)\d*$/,
};

const PHASES_IN_MOULD = new Set(['OPENING', 'EJECTING']);

export function lightOf(alarms: readonly WireAlarm[]): Light {
  if (alarms.some((a) => a.active && (a.severity === 'alarm' || a.severity === 'critical'))) return 'red';
  if (alarms.some((a) => (a.active && a.severity === 'warning') || !a.acked)) return 'amber';
  return 'green';
}

function lightFromName(name: string): Light {
  const n = name.toLowerCase();
  if (/red|rouge|fault|alarm/.test(n)) return 'red';
  if (/amber|yellow|orange|jaune|warn/.test(n)) return 'amber';
  return 'green';
}

export interface EngineStats {
  readonly frames: number;
  readonly calls: number;
  readonly maxCalls: number;
  readonly triangles: number;
  readonly lastRenderMs: number;
  readonly frameMs: number;
  readonly labelMs: number;
  /** drawing-buffer scale of the adaptive resolution (1: full) */
  readonly scale: number;
  /** average interval between consecutive frames while animating, ms */
  readonly intervalMs: number;
  readonly width: number;
  readonly height: number;
}

export class TwinEngine {
  readonly cs: CellScene;
  readonly renderer: WebGLRenderer;
  readonly camera: PerspectiveCamera;
  readonly controls: OrbitControls;
  readonly labels: LabelLayer;
  readonly bindings: Bindings;
  private readonly o: EngineOptions;
  private readonly animator: CellAnimator;
  private readonly smoother = new Smoother();
  private readonly ray = new Raycaster();
  private readonly roleToEq = new Map<string, string>();
  private readonly eqToRole = new Map<string, string>();
  private raf = 0;
  private lastFrame = 0;
  private lastRender = 0;
  private frames = 0;
  private maxCalls = 0;
  private lastRenderMs = 0;
  /** moving averages of the script time of a frame, and of the labels' share, ms */
  private frameMs = 0;
  private labelMs = 0;
  private continuous = false;
  private fly: {
    from: Vector3;
    to: Vector3;
    fromT: Vector3;
    toT: Vector3;
    start: number;
    ms: number;
  } | null = null;
  private blink = true;
  private blinkTimer: ReturnType<typeof setInterval> | undefined;
  private hovered: string | null = null;
  private focused: string | null = null;
  private discrete: Discrete | null = null;
  private lastHighlights: readonly Highlight[] = [];
  private pointer: { x: number; y: number } | null = null;
  private down: { x: number; y: number } | null = null;
  private hoverPending = false;
  private readonly resize: ResizeObserver;
  private readonly reduced: boolean;
  private size = { w: 1, h: 1 };
  /** adaptive resolution: drawing-buffer scale, frame-interval average, last change */
  private scale = 1;
  private intervalMs = 0;
  private lastScaleChange = 0;
  private refineTimer: ReturnType<typeof setTimeout> | undefined;
  private adaptiveOn: boolean;
  private occlusionTimer: ReturnType<typeof setTimeout> | undefined;
  private lastOcclusion = 0;
  private disposed = false;
  /** the last readings (tests, status) */
  last: UpdateInput | null = null;

  constructor(bindings: Bindings, o: EngineOptions) {
    this.o = o;
    this.bindings = bindings;
    this.adaptiveOn = o.adaptive ?? true;
    this.reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    for (const [role, re] of Object.entries(ROLE_PATTERNS)) {
      const eq = bindings.equipment.find((e) => re.test(e));
      if (eq) {
        this.roleToEq.set(role, eq);
        this.eqToRole.set(eq, role);
      }
    }
    this.cs = buildScene(bindings);
    for (const t of this.cs.tcuTags) {
      if (bindings.equipment.includes(t)) this.roleToEq.set(t, t);
      this.eqToRole.set(t, t);
    }
    this.animator = new CellAnimator(this.cs);
    this.renderer = new WebGLRenderer({
      antialias: o.antialias ?? true,
      powerPreference: 'high-performance',
    });
    this.renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    // colours are sRGB already (baked bodies) or encoded by their material (lighting.ts)
    this.renderer.outputColorSpace = LinearSRGBColorSpace;
    const canvas = this.renderer.domElement;
    canvas.tabIndex = 0;
    canvas.className = 'twin-canvas';
    canvas.setAttribute('aria-label', o.canvasLabel);
    if (o.canvasDescription) canvas.setAttribute('aria-describedby', o.canvasDescription);
    o.host.prepend(canvas);
    this.labels = new LabelLayer(o.host);
    this.camera = new PerspectiveCamera(45, 16 / 9, 0.05, 60);
    this.camera.position.copy(PRESET_VIEW.overview.pos);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.target.copy(PRESET_VIEW.overview.target);
    this.controls.minDistance = 0.6;
    this.controls.maxDistance = 16;
    this.controls.maxPolarAngle = Math.PI * 0.49;
    this.controls.enableDamping = false;
    this.controls.update();
    this.controls.addEventListener('change', () => {
      this.invalidate();
      this.scheduleOcclusion(250);
    });
    this.defineLabels();
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(o.host);
    this.fit();
    canvas.addEventListener('pointerdown', this.onDown);
    canvas.addEventListener('pointerup', this.onUp);
    canvas.addEventListener('pointermove', this.onMove);
    canvas.addEventListener('pointerleave', this.onLeave);
    canvas.addEventListener('keydown', this.onKey);
    this.animator.applyPose(this.smoother.current, true);
    this.invalidate();
  }

  // ---- equipment ids ------------------------------------------------------------------------------

  /** The station equipment of a scene tag (`tcu1/…` → `tcu1`), if the station has it. */
  equipmentOf(tag: string): string | undefined {
    return this.roleToEq.get(tag.split('/')[0]!);
  }

  /** The scene role of a station equipment id (for a name when the station lacks it: the role). */
  private sceneEq = (role: string): string => this.roleToEq.get(role) ?? role;

  /** Scene tag of a highlight's anchor: its own part if the scene has it, else the equipment. */
  private sceneTag(anchor: string): string {
    const [eq, part] = anchor.split('/') as [string, string | undefined];
    const role = this.eqToRole.get(eq) ?? (/hot_?runner/.test(eq) ? 'mould' : 'imm');
    const tag = part ? `${role}/${part}` : role;
    if (this.cs.tags.some((x) => x === tag || x.startsWith(`${tag}/`))) return tag;
    return this.cs.tags.some((x) => x === role || x.startsWith(`${role}/`)) ? role : 'imm';
  }

  // ---- labels -------------------------------------------------------------------------------------

  private defineLabels(): void {
    const cs = this.cs;
    const top =
      (tag: string, up = 0.04) =>
      () => {
        const b = cs.box(tag);
        return b ? new Vector3((b.min.x + b.max.x) / 2, b.max.y + up, (b.min.z + b.max.z) / 2) : undefined;
      };
    const L = this.labels;
    L.define({ id: 'imm', point: top('imm/clamp', 0.1) });
    L.define({ id: 'stack', point: () => new Vector3(STACK.x, STACK.y0 + 0.42, STACK.z) });
    for (let n = 1; n <= 5; n++)
      L.define({ id: `imm/zone${n}`, point: top(`imm/zone${n}`, 0.02), detail: true });
    L.define({ id: 'imm/injection', point: top('imm/injection', 0.05), detail: true });
    L.define({ id: 'imm/hydraulics', point: top('imm/hydraulics', 0.02), detail: true });
    for (const g of ['front', 'rear', 'purge'])
      L.define({ id: `imm/guard-${g}`, point: top(`imm/guard-${g}`, 0.02) });
    L.define({ id: 'imm/panel', point: top('imm/panel', 0.05) });
    L.define({ id: 'mould', point: top('mould', 0.06) });
    for (const s of cs.spots)
      L.define({
        id: `sensor/${s.id}`,
        detail: true,
        point: () =>
          new Vector3(
            s.at[0] + (s.half === 'moving' ? cs.groups.clamp.position.x : 0),
            s.at[1] + 0.025,
            s.at[2],
          ),
      });
    for (const t of cs.tcuTags) L.define({ id: t, point: top(t, 0.05) });
    L.define({
      id: 'robot',
      point: () => {
        const b = cs.box('robot/eoat');
        return b ? new Vector3((b.min.x + b.max.x) / 2, b.max.y + 0.45, (b.min.z + b.max.z) / 2) : undefined;
      },
    });
    L.define({ id: 'robot/door', point: top('robot/door', 0.02) });
    L.define({ id: 'conveyor', point: top('conveyor/motor', 0.15) });
    L.define({ id: 'vision', point: top('vision', 0.08) });
    L.define({ id: 'laser', point: top('laser', 0.05), detail: true });
    L.define({ id: 'bin/good', point: () => new Vector3(BINS.good.x, 0.8, BINS.good.z) });
    L.define({ id: 'bin/reject', point: () => new Vector3(BINS.reject.x, 0.8, BINS.reject.z) });
    for (const t of ['hopper', 'dryer', 'ambient']) L.define({ id: t, point: top(t, 0.06) });
    for (const t of ['energy', 'blender']) L.define({ id: t, point: top(t, 0.05), detail: true });
  }

  // ---- state --------------------------------------------------------------------------------------

  update(u: UpdateInput): void {
    if (this.disposed) return;
    this.last = u;
    const { r, flow } = u;
    const b = this.bindings;
    const cond = mouldCondensation(r);
    const light = r.stackLight ? lightFromName(r.stackLight) : lightOf(u.alarms);
    const hl = alarmHighlights(
      u.alarms,
      { front: r.frontGuard, rear: r.rearGuard, purge: r.purgeGuard },
      b.equipment,
    ).map((h) => ({ ...h, anchor: this.sceneTag(h.anchor) }));
    this.lastHighlights = hl;
    const inspected = r.vision.inspected;
    const rejected = r.vision.rejected;
    const parts = {
      inMould: r.phase !== null && PHASES_IN_MOULD.has(r.phase) && r.robot.part !== true,
      held: r.robot.part === true,
      belt: flow.parts.map((p) => ({ s0: p.s0, verdict: p.verdict })),
      good: inspected !== null && rejected !== null ? Math.max(0, inspected - rejected) : flow.intoGood,
      reject: rejected ?? flow.intoReject,
    };
    this.discrete = {
      bands: [1, 2, 3, 4, 5].map((n) => r.zones.find((z) => z.n === n)?.actual ?? null),
      light,
      ring: r.conveyor.run !== false && r.vision.result !== null,
      laser: r.laserMarking === true,
      eyeBlocked: r.conveyor.eye,
      dryerOn: r.dryer.running,
      tcuPumps: r.tcus.map((x) => x.pump),
      droplets: { fixed: cond.fixed.intensity, moving: cond.moving.intensity },
      parts,
      hopperLevel: r.hopperLevel,
      highlights: hl.map((h) => ({ tag: h.anchor, color: SEVERITY_COLOR[h.severity] ?? 0xe0301e })),
      selection: this.hovered ?? this.focused,
    };
    this.animator.setDiscrete(this.discrete);
    const rr = r.robot;
    this.smoother.set(
      {
        mould: r.mouldMm ?? 0,
        ejector: r.ejectorMm ?? 0,
        screw: r.screwMm ?? 0,
        carriage: r.carriageFwd === false ? 1 : 0,
        front: r.frontGuard === false ? 1 : 0,
        rear: r.rearGuard === false ? 1 : 0,
        purge: r.purgeGuard === false ? 1 : 0,
        door: rr.door === false ? 1 : 0,
        rx: rr.x ?? 0,
        ry: rr.y ?? 0,
        rz: rr.z ?? 0,
        travel: flow.travel,
      },
      u.snap === true || this.frames === 0,
    );
    const ctx: TextContext = { b, r, highlights: hl, parts, condensation: cond, light, eq: this.sceneEq };
    const lines = labelLines(ctx);
    for (const key of lines.keys())
      if (key.startsWith('alarm/') && !this.labels.has(key)) {
        const tag = key.slice('alarm/'.length);
        this.labels.define({
          id: key,
          point: () => {
            const bx = this.cs.box(tag);
            return bx
              ? new Vector3((bx.min.x + bx.max.x) / 2, bx.max.y + 0.05, (bx.min.z + bx.max.z) / 2)
              : undefined;
          },
        });
      }
    for (const id of this.labels.ids()) this.labels.set(id, lines.get(id) ?? []);
    this.o.onStatus?.(statusLine(ctx));
    if (performance.now() - this.lastOcclusion > 1500 && !this.occlusionTimer) this.scheduleOcclusion(0);
    this.setBlinking(hl.length > 0);
    this.invalidate();
  }

  /** Active highlights (scene tag, alarm) as last computed. */
  get highlights(): readonly Highlight[] {
    return this.lastHighlights;
  }

  private setBlinking(on: boolean): void {
    if (on && !this.blinkTimer && !this.reduced) {
      this.blinkTimer = setInterval(() => {
        this.blink = !this.blink;
        this.invalidate();
      }, 700);
    } else if (!on && this.blinkTimer) {
      clearInterval(this.blinkTimer);
      this.blinkTimer = undefined;
      this.blink = true;
    }
  }

  /** Outline an equipment (keyboard focus in the list), or none. */
  focus(equipment: string | null): void {
    this.focused = equipment ? (this.eqToRole.get(equipment) ?? equipment) : null;
    this.refreshSelection();
  }

  private refreshSelection(): void {
    if (!this.discrete) return;
    this.discrete = { ...this.discrete, selection: this.hovered ?? this.focused };
    this.animator.setDiscrete(this.discrete);
    this.invalidate();
  }

  /** Check which labels are hidden behind geometry, `ms` from now (once the camera rests). */
  private scheduleOcclusion(ms: number): void {
    if (this.occlusionTimer) clearTimeout(this.occlusionTimer);
    this.occlusionTimer = setTimeout(() => {
      this.occlusionTimer = undefined;
      this.checkOcclusion();
    }, ms);
  }

  private checkOcclusion(): void {
    if (this.disposed) return;
    this.lastOcclusion = performance.now();
    this.cs.scene.updateMatrixWorld();
    const eye = this.camera.position;
    const dir = new Vector3();
    for (const { id, point } of this.labels.points()) {
      const dist = eye.distanceTo(point);
      dir.copy(point).sub(eye).normalize();
      this.ray.set(eye, dir);
      this.ray.far = dist;
      const hit = this.ray.intersectObjects(this.cs.pickables as never[], false)[0];
      this.labels.setOccluded(id, !!hit && hit.distance < dist - 0.1);
    }
    this.ray.far = Number.POSITIVE_INFINITY;
    this.invalidate();
  }

  // ---- camera -------------------------------------------------------------------------------------

  preset(id: PresetId, instant = false): void {
    const v = PRESET_VIEW[id];
    if (instant || this.reduced) {
      this.fly = null;
      this.camera.position.copy(v.pos);
      this.controls.target.copy(v.target);
      this.controls.update();
      this.scheduleOcclusion(0);
    } else {
      this.fly = {
        from: this.camera.position.clone(),
        to: v.pos.clone(),
        fromT: this.controls.target.clone(),
        toT: v.target.clone(),
        start: performance.now(),
        ms: 650,
      };
    }
    this.invalidate();
  }

  private orbit(dAz: number, dPol: number, zoom = 1): void {
    const off = this.camera.position.clone().sub(this.controls.target);
    const s = new Spherical().setFromVector3(off);
    s.theta += dAz;
    s.phi = Math.max(0.1, Math.min(this.controls.maxPolarAngle, s.phi + dPol));
    s.radius = Math.max(this.controls.minDistance, Math.min(this.controls.maxDistance, s.radius * zoom));
    this.camera.position.copy(this.controls.target).add(new Vector3().setFromSpherical(s));
    this.controls.update();
    this.invalidate();
  }

  // ---- loop ---------------------------------------------------------------------------------------

  invalidate(): void {
    if (!this.raf && !this.disposed) this.raf = requestAnimationFrame(this.frame);
  }

  /** Turn the adaptive resolution on or off (off: always full resolution). */
  setAdaptive(on: boolean): void {
    this.adaptiveOn = on;
    this.intervalMs = 0;
    if (!on) this.setScale(1);
    this.invalidate();
  }

  /** Render every display frame even when nothing moves (benchmark of the frame rate capacity). */
  setContinuous(on: boolean): void {
    this.continuous = on;
    this.invalidate();
  }

  private readonly frame = (now: number): void => {
    this.raf = 0;
    if (this.disposed) return;
    const minDt = this.o.maxFps ? 1000 / this.o.maxFps : 0;
    if (minDt && now - this.lastRender < minDt - 2) {
      this.raf = requestAnimationFrame(this.frame);
      return;
    }
    const tf = performance.now();
    if (this.lastFrame) this.adapt(now - this.lastFrame, now);
    const dt = this.lastFrame ? Math.min(100, now - this.lastFrame) : 16;
    this.lastFrame = now;
    let more = this.smoother.step(dt);
    if (this.fly) {
      const f = this.fly;
      const u = Math.min(1, (now - f.start) / f.ms);
      const e = easeInOut(u);
      this.camera.position.lerpVectors(f.from, f.to, e);
      this.controls.target.lerpVectors(f.fromT, f.toT, e);
      this.camera.lookAt(this.controls.target);
      if (u >= 1) {
        this.fly = null;
        this.controls.update();
        this.scheduleOcclusion(0);
      } else more = true;
    }
    if (this.hoverPending) this.doHover();
    this.animator.applyPose(this.smoother.current, this.blink);
    const t0 = performance.now();
    this.renderer.render(this.cs.scene, this.camera);
    this.lastRenderMs = performance.now() - t0;
    const tl = performance.now();
    this.labels.place(this.camera, this.size.w, this.size.h);
    this.labelMs = 0.9 * this.labelMs + 0.1 * (performance.now() - tl);
    this.frameMs = 0.9 * this.frameMs + 0.1 * (performance.now() - tf);
    this.frames++;
    this.lastRender = now;
    this.maxCalls = Math.max(this.maxCalls, this.renderer.info.render.calls);
    if (more || this.continuous) this.raf = requestAnimationFrame(this.frame);
    else {
      this.lastFrame = 0;
      this.intervalMs = 0;
      // the view came to rest below full resolution: redraw it sharp
      if (this.scale < 1 && !this.refineTimer)
        this.refineTimer = setTimeout(() => {
          this.refineTimer = undefined;
          if (this.raf || this.disposed) return;
          this.setScale(1);
          this.invalidate();
        }, 250);
    }
  };

  /** Adaptive resolution from the interval between consecutive frames (ms). */
  private adapt(interval: number, now: number): void {
    if (!this.adaptiveOn || interval > 250) return;
    this.intervalMs = this.intervalMs ? 0.85 * this.intervalMs + 0.15 * interval : interval;
    if (now - this.lastScaleChange < 800) return;
    const target = Math.max(1000 / 30, this.o.maxFps ? 1000 / this.o.maxFps : 0);
    if (this.intervalMs > target * 1.08 && this.scale > 0.5) this.setScale(Math.max(0.5, this.scale * 0.85));
    else if (this.intervalMs < target * 0.6 && this.scale < 1) this.setScale(Math.min(1, this.scale * 1.12));
    else return;
    this.lastScaleChange = now;
  }

  private setScale(s: number): void {
    if (Math.abs(s - this.scale) < 1e-3) return;
    this.scale = s;
    this.renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1) * s);
    this.renderer.setSize(this.size.w, this.size.h, false);
  }

  private fit(): void {
    const w = Math.max(1, this.o.host.clientWidth);
    const h = Math.max(1, this.o.host.clientHeight);
    this.size = { w, h };
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.invalidate();
  }

  stats(): EngineStats {
    const i = this.renderer.info.render;
    return {
      frames: this.frames,
      calls: i.calls,
      maxCalls: this.maxCalls,
      triangles: i.triangles,
      lastRenderMs: this.lastRenderMs,
      frameMs: this.frameMs,
      labelMs: this.labelMs,
      scale: this.scale,
      intervalMs: this.intervalMs,
      width: this.renderer.domElement.width,
      height: this.renderer.domElement.height,
    };
  }

  /** The discrete visuals as last set (tests: droplets, parts, highlights, lamps). */
  discreteState(): Discrete | null {
    return this.discrete;
  }

  /** Pose as drawn (mm for positions, 0…1 for doors). */
  pose(): Readonly<Record<string, number>> {
    return { ...this.smoother.current };
  }

  get animating(): boolean {
    return this.smoother.isMoving || this.fly !== null || this.raf !== 0;
  }

  // ---- picking ------------------------------------------------------------------------------------

  /** The scene tag under a point of the canvas (CSS pixels from its top-left), if any. */
  tagAt(x: number, y: number): string | undefined {
    const ndc = new Vector2((x / this.size.w) * 2 - 1, -(y / this.size.h) * 2 + 1);
    this.ray.setFromCamera(ndc, this.camera);
    this.cs.scene.updateMatrixWorld();
    const hits = this.ray.intersectObjects(this.cs.pickables as never[], false);
    for (const h of hits) {
      const info = h.object.userData.body as BodyInfo | undefined;
      let tag: string | undefined;
      if (info && h.faceIndex !== undefined && h.faceIndex !== null) tag = tagOfFace(info, h.faceIndex);
      else if (h.instanceId !== undefined)
        tag = (h.object.userData.instanceTags as string[] | undefined)?.[h.instanceId];
      if (tag === '') return undefined;
      if (tag) return tag;
    }
    return undefined;
  }

  /** Centre of an equipment (scene role or station id) on screen, client coordinates. */
  anchorScreen(equipment: string): { x: number; y: number } | undefined {
    const tag = this.eqToRole.get(equipment) ?? equipment;
    this.cs.scene.updateMatrixWorld();
    const b = this.cs.box(tag);
    if (!b) return undefined;
    const p = b.getCenter(new Vector3()).project(this.camera);
    const r = this.renderer.domElement.getBoundingClientRect();
    return { x: r.left + ((p.x + 1) / 2) * r.width, y: r.top + ((1 - p.y) / 2) * r.height };
  }

  private readonly onDown = (e: PointerEvent): void => {
    this.down = { x: e.clientX, y: e.clientY };
  };

  private readonly onUp = (e: PointerEvent): void => {
    const d = this.down;
    this.down = null;
    if (!d || e.button !== 0 || Math.hypot(e.clientX - d.x, e.clientY - d.y) > 6) return;
    const r = this.renderer.domElement.getBoundingClientRect();
    const tag = this.tagAt(e.clientX - r.left, e.clientY - r.top);
    const eq = tag ? this.equipmentOf(tag) : undefined;
    if (eq) this.o.onOpen(eq);
  };

  private readonly onMove = (e: PointerEvent): void => {
    const r = this.renderer.domElement.getBoundingClientRect();
    this.pointer = { x: e.clientX - r.left, y: e.clientY - r.top };
    if (!this.down) {
      this.hoverPending = true;
      this.invalidate();
    }
  };

  private readonly onLeave = (): void => {
    this.pointer = null;
    this.hoverPending = true;
    this.invalidate();
  };

  private doHover(): void {
    this.hoverPending = false;
    const tag = this.pointer ? this.tagAt(this.pointer.x, this.pointer.y) : undefined;
    const eq = tag ? this.equipmentOf(tag) : undefined;
    const role = eq ? (tag!.split('/')[0] ?? null) : null;
    this.renderer.domElement.style.cursor = eq ? 'pointer' : '';
    if (role !== this.hovered) {
      this.hovered = role;
      this.o.onHover?.(eq ?? null);
      this.refreshSelection();
    }
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const presets: PresetId[] = ['overview', 'mould', 'injection', 'robot', 'conveyor', 'peripherals'];
    const n = Number(e.key);
    let used = true;
    if (n >= 1 && n <= presets.length) this.preset(presets[n - 1]!);
    else if (e.key === 'ArrowLeft') this.orbit(-0.12, 0);
    else if (e.key === 'ArrowRight') this.orbit(0.12, 0);
    else if (e.key === 'ArrowUp') this.orbit(0, -0.08);
    else if (e.key === 'ArrowDown') this.orbit(0, 0.08);
    else if (e.key === '+' || e.key === '=') this.orbit(0, 0, 0.85);
    else if (e.key === '-' || e.key === '_') this.orbit(0, 0, 1 / 0.85);
    else if (e.key === 'Enter' && (this.hovered ?? this.focused)) {
      const eq = this.equipmentOf((this.hovered ?? this.focused)!);
      if (eq) this.o.onOpen(eq);
    } else used = false;
    if (used) e.preventDefault();
  };

  dispose(): void {
    this.disposed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.setBlinking(false);
    if (this.occlusionTimer) clearTimeout(this.occlusionTimer);
    if (this.refineTimer) clearTimeout(this.refineTimer);
    this.resize.disconnect();
    this.controls.dispose();
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('pointerdown', this.onDown);
    canvas.removeEventListener('pointerup', this.onUp);
    canvas.removeEventListener('pointermove', this.onMove);
    canvas.removeEventListener('pointerleave', this.onLeave);
    canvas.removeEventListener('keydown', this.onKey);
    this.cs.scene.traverse((o) => {
      const m = o as { geometry?: { dispose(): void } };
      m.geometry?.dispose();
    });
    for (const m of Object.values(this.cs.materials)) m.dispose();
    this.renderer.dispose();
    canvas.remove();
    this.labels.dispose();
  }
}
