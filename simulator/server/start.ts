/**
 * `plastlab start`: build the lab from the configuration, serve HTTP, start the adapters and the
 * real-time pacer, and print where everything is.
 */
import type { FastifyInstance } from 'fastify';
import type { LabConfig } from '../session/config.ts';
import { Lab } from '../session/lab.ts';
import { adapters, type RunningAdapter } from './adapters.ts';
import { buildApp } from './app.ts';
import { cellFactory } from './models.ts';

export interface RunningLab {
  readonly lab: Lab;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly banner: string[];
  close(): Promise<void>;
}

export async function startLab(
  config: LabConfig,
  opts: { log?: (line: string) => void } = {},
): Promise<RunningLab> {
  const log = opts.log ?? (() => {});
  const lab = new Lab({ config, models: cellFactory(config) });
  const { app } = await buildApp(lab);
  await app.listen({ host: config.http.host, port: config.http.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
  const url = `http://${config.http.host}:${port}`;
  const running: RunningAdapter[] = [];
  const banner: string[] = [
    `HMI and API   ${url}/   (health: ${url}/api/health, OpenAPI: ${url}/api/openapi.json)`,
  ];
  try {
    const started = await Promise.all(
      adapters.filter((a) => a.enabled(lab)).map((a) => a.start({ lab, app, log })),
    );
    for (const r of started) {
      running.push(r);
      banner.push(...(r.banner ?? []));
    }
  } catch (e) {
    await Promise.all(running.map((r) => r.stop()));
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
    banner,
    async close() {
      lab.pacer.stop();
      for (const r of running.reverse()) await r.stop();
      await app.close();
      lab.stop();
    },
  };
}
