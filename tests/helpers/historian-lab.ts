/**
 * Historian tests: a small press model with deterministic values (so stored samples can be checked
 * against the formula), a trainer-only signal, a freezable sensor (domain-model F22), per-shot records
 * with curves and a trainer-only block, and optional extra noisy signals for load. Plus a harness that
 * runs a lab in virtual time (the test calls `step`) with the historian adapter and the HTTP API.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AdapterContext, RunningAdapter } from '../../simulator/adapters/adapter.ts';
import { type Historian, historianAdapter } from '../../simulator/adapters/historian/index.ts';
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import { Quality, type SignalDefInput } from '../../simulator/kernel/signal-schema.ts';
import { type AppContext, buildApp } from '../../simulator/server/app.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import { Lab } from '../../simulator/session/lab.ts';
import { testConfig } from './lab.ts';

/** press.pressure at tick k: a deterministic ramp-and-wave, rounded to 0.01 */
export const pressureAt = (tick: number): number => Math.round((50 + 10 * Math.sin(tick / 20)) * 100) / 100;
export const CURVE_LENGTH = 100;
export const cavityCurve = (shot: number): number[] =>
  Array.from(
    { length: CURVE_LENGTH },
    (_, i) => Math.round((shot + 30 * Math.sin((Math.PI * i) / 99)) * 100) / 100,
  );

const cand = { read: ['operator', 'technician', 'trainer'] } as const;

export class Press implements Model {
  readonly id = 'press';
  private readonly extra: number;
  private readonly shotEvery: number;
  private h: Record<string, number> = {};
  private hExtra = 0;
  private shots = 0;
  private noise!: ReturnType<BindContext['stream']>;

  constructor(opts: { extra?: number; shotEvery?: number } = {}) {
    this.extra = opts.extra ?? 0;
    this.shotEvery = opts.shotEvery ?? 50;
  }

  declare(): SignalDefInput[] {
    const m = (id: string, extra: Partial<SignalDefInput> = {}): SignalDefInput => ({
      id,
      label: { fr: id, en: id },
      type: 'float',
      unit: 'MPa',
      access: { read: [...cand.read] },
      visibility: 'candidate',
      kind: 'measurement',
      ...extra,
    });
    return [
      m('pressure'),
      m('temp', { unit: '°C', sigma: 0.3 }),
      m('stale', { unit: '°C' }),
      m('setpoint', {
        kind: 'setpoint',
        range: { min: 0, max: 100 },
        initial: 40,
        access: { read: [...cand.read], write: ['technician', 'trainer'] },
      }),
      m('running', { type: 'bool', unit: '', kind: 'state', initial: true }),
      m('mode', { type: 'enum', unit: '', kind: 'state', enumValues: ['manual', 'auto'], initial: 1 }),
      m('counter', { type: 'int', unit: '', kind: 'counter' }),
      m('label', { type: 'string', unit: '', kind: 'state', initial: 'PP' }),
      m('secret', { access: { read: ['trainer'] }, visibility: 'trainer' }),
      ...Array.from({ length: this.extra }, (_, i) => m(`x${i}`)),
    ];
  }

  bind(ctx: BindContext): void {
    for (const k of ['pressure', 'temp', 'stale', 'setpoint', 'running', 'mode', 'counter', 'secret'])
      this.h[k] = ctx.handle(`press.${k}`);
    this.hExtra = this.extra > 0 ? ctx.handle('press.x0') : 0;
    this.noise = ctx.stream('noise');
    const stale = this.h.stale!;
    ctx.registerAction({
      name: 'press.freeze',
      roles: ['trainer'],
      visibility: 'trainer',
      args: z.strictObject({ on: z.boolean() }),
      apply: (a, c) => {
        if (a.on) c.store.freeze(stale, Quality.Uncertain);
        else c.store.unfreeze(stale);
      },
    });
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    const k = ctx.tick;
    s.set(this.h.pressure!, pressureAt(k));
    s.set(this.h.temp!, 200 + this.noise.normal(0, 0.3));
    s.set(this.h.stale!, 60 + this.noise.normal(0, 0.3));
    s.set(this.h.secret!, k * 0.5);
    for (let i = 0; i < this.extra; i++) s.set(this.hExtra + i, k + i / 1000);
    if (k % this.shotEvery === 0) {
      this.shots++;
      s.set(this.h.counter!, this.shots);
      ctx.cycleEnd({
        shot_id: this.shots,
        cycle_time: 5 + (this.shots % 3) / 10,
        cushion: 4.5,
        good: this.shots % 5 !== 0,
        lot: 'L-001',
        cavity: { a: { Pmax: 30 + this.shots } },
        curves: { cavity_a: cavityCurve(this.shots), screw: cavityCurve(-this.shots) },
        trainer: { true_gap_mm: 0.3, true_p: cavityCurve(this.shots + 1) },
      });
    }
  }

  snapshot(): unknown {
    return { shots: this.shots };
  }

  restore(state: unknown): void {
    this.shots = (state as { shots: number }).shots;
  }
}

export interface HistorianLab {
  readonly lab: Lab;
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly url: string;
  readonly historian: Historian;
  readonly adapter: RunningAdapter;
  /** run `n` ticks of every station (virtual time) */
  step(n?: number): void;
  login(user: string): Promise<string>;
  close(): Promise<void>;
}

/** A lab of Press stations in virtual time, with the historian adapter and the HTTP API on loopback. */
export async function startHistorianLab(
  dataDir: string,
  opts: { stations?: number; extra?: number; shotEvery?: number; config?: LabConfigInput } = {},
): Promise<HistorianLab> {
  const config = testConfig(dataDir, {
    ...opts.config,
    stations: { count: opts.stations ?? 2, ...(opts.config?.stations ?? {}) },
  });
  const lab = new Lab({
    config,
    models: () => [
      new Press({
        ...(opts.extra !== undefined ? { extra: opts.extra } : {}),
        ...(opts.shotEvery !== undefined ? { shotEvery: opts.shotEvery } : {}),
      }),
    ],
  });
  const { app, ctx } = await buildApp(lab);
  const actx: AdapterContext = {
    config,
    stations: lab.stations,
    epochMs: lab.startedAt,
    dataDir: config.lab.dataDir,
    httpServer: app.server,
    authenticate: (u, p) => lab.credentials.authenticate(u, p),
    addHealth: (name, provider) => lab.addHealth(name, provider),
    log: () => {},
  };
  const adapter = await historianAdapter.start(actx);
  if (adapter.service) ctx.services.set('historian', adapter.service);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    lab,
    app,
    ctx,
    url,
    historian: adapter.service as Historian,
    adapter,
    step(n = 1) {
      for (let i = 0; i < n; i++) lab.step();
    },
    async login(user) {
      const acc = lab.credentials.account(user)!;
      const r = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: acc.user, password: acc.password }),
      });
      return ((await r.json()) as { token: string }).token;
    },
    async close() {
      await adapter.stop();
      await app.close();
      lab.stop();
    },
  };
}
