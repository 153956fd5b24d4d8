/**
 * `plastlab start`: build the lab from the configuration, serve HTTP, start the adapters and the
 * real-time pacer, and print where everything is.
 */
import type { FastifyInstance } from 'fastify';
import type { AdapterContext, RunningAdapter } from '../adapters/adapter.ts';
import { adapters } from '../adapters/registry.ts';
import type { LabConfig } from '../session/config.ts';
import { Lab, type ModelFactory } from '../session/lab.ts';
import { buildApp } from './app.ts';
import { cellFactory } from './models.ts';
import { attachRealtime } from './realtime/index.ts';

export interface RunningLab {
  readonly lab: Lab;
  readonly app: FastifyInstance;
  readonly url: string;
  /** where the trainer console and APIs answer (`url` unless `http.trainerPort` separates them) */
  readonly trainerUrl: string;
  readonly banner: string[];
  close(): Promise<void>;
}

export async function startLab(
  config: LabConfig,
  opts: {
    log?: (line: string) => void;
    /** tests: other models than the cell */
    models?: ModelFactory;
  } = {},
): Promise<RunningLab> {
  const log = opts.log ?? (() => {});
  const lab = new Lab({ config, models: opts.models ?? cellFactory(config) });
  const split = config.http.trainerPort !== undefined;
  const { app, ctx } = await buildApp(lab, { realm: split ? 'candidate' : 'all' });
  const trainer = split ? await buildApp(lab, { realm: 'trainer', services: ctx.services }) : undefined;
  const adapterCtx: AdapterContext = {
    config,
    stations: lab.stations,
    epochMs: lab.startedAt,
    dataDir: config.lab.dataDir,
    httpServer: app.server,
    authenticate: (u, p) => lab.credentials.authenticate(u, p),
    addHealth: (name, provider) => lab.addHealth(name, provider),
    log,
  };
  const running: RunningAdapter[] = [];
  const banner: string[] = [];
  let realtime: ReturnType<typeof attachRealtime> | undefined;
  let trainerRealtime: ReturnType<typeof attachRealtime> | undefined;
  let url = '';
  let trainerUrl = '';
  try {
    // adapters first (they bind their own ports and WebSocket paths), then HTTP, then the clock
    for (const a of adapters.filter((x) => x.enabled(config))) {
      const r = await a.start(adapterCtx);
      running.push(r);
      if (r.service !== undefined) ctx.services.set(a.name, r.service);
      banner.push(...(r.banner ?? []));
    }
    realtime = attachRealtime(ctx);
    lab.addHealth('realtime', () => realtime?.health() ?? {});
    await app.listen({ host: config.http.host, port: config.http.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
    url = `http://${config.http.host}:${port}`;
    trainerUrl = url;
    if (trainer) {
      trainerRealtime = attachRealtime(trainer.ctx);
      const host = config.http.trainerHost ?? config.http.host;
      await trainer.app.listen({ host, port: config.http.trainerPort! });
      const ta = trainer.app.server.address();
      trainerUrl = `http://${host}:${typeof ta === 'object' && ta ? ta.port : config.http.trainerPort}`;
      banner.unshift(
        `Trainer       ${trainerUrl}/trainer/   (trainer and jury accounts only; not on the candidates' port)`,
      );
    } else {
      banner.unshift(
        `Trainer       ${url}/trainer/   (set http.trainerPort to keep it off the candidates' network)`,
      );
    }
    banner.unshift(`HMI and API   ${url}/   (health: ${url}/api/health, OpenAPI: ${url}/api/openapi.json)`);
  } catch (e) {
    await trainerRealtime?.stop();
    await trainer?.app.close();
    await realtime?.stop();
    for (const r of running.reverse()) await r.stop();
    await app.close();
    lab.stop();
    throw e;
  }
  lab.start();
  banner.push('Credentials (also in ' + (lab.credentials.file ?? 'data/credentials.json') + '):');
  for (const st of lab.stations.keys()) {
    const c = lab.credentials.forStation(st);
    if (c) banner.push(`  station ${st}: user ${c.user}  password ${c.password}`);
  }
  for (const u of ['trainer', 'jury']) {
    const c = lab.credentials.account(u);
    if (c) banner.push(`  ${u}: user ${c.user}  password ${c.password}`);
  }
  return {
    lab,
    app,
    url,
    trainerUrl,
    banner,
    async close() {
      lab.pacer.stop();
      await trainerRealtime?.stop();
      await trainer?.app.close();
      await realtime?.stop();
      for (const r of running.reverse()) await r.stop();
      await app.close();
      lab.stop();
    },
  };
}
