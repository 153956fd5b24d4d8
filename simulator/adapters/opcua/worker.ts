/**
 * Entry point of one station's OPC UA worker process (forked by supervisor.ts; Node runs the .ts
 * directly). It serves the station's endpoint and nothing else: a malformed frame that kills this
 * process touches no other station nor the simulation (reliability-security OPC-9, T10), and the
 * supervisor starts it again with the full current image.
 */
import { containedFrames, installFrameGuard } from './frame-guard.ts';
import type { FromWorker, Reply, ToWorker, WorkerIdentity, WorkerRequest } from './protocol.ts';
import { type StationServer, startStationServer } from './station-server.ts';

/** A request without an answer within this time fails (BadTimeout); the command may still apply. */
const REQUEST_TIMEOUT_MS = 15_000;

const send = (m: FromWorker): void => {
  if (process.connected) process.send?.(m);
};

let nextId = 1;
const waiting = new Map<number, { resolve: (r: Reply) => void; timer: NodeJS.Timeout }>();

type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

function request(body: RequestBody): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve({ ok: false, code: 'timeout', message: 'no answer from the simulation' });
    }, REQUEST_TIMEOUT_MS);
    waiting.set(id, { resolve, timer });
    send({ ...body, id } as WorkerRequest);
  });
}

installFrameGuard();

let server: StationServer | null = null;
let queued: ToWorker[] = [];

async function init(msg: Extract<ToWorker, { t: 'init' }>): Promise<void> {
  const t0 = performance.now();
  server = await startStationServer(msg, {
    authenticate: async (user, password) => {
      const r = await request({ t: 'auth', user, password });
      return r.ok ? ((r.identity as WorkerIdentity | undefined) ?? null) : null;
    },
    write: (user, key, value, client) => request({ t: 'write', user, key, value, client }),
    call: (user, action, args, client) => request({ t: 'call', user, action, args, client }),
    log: (line) => send({ t: 'log', line }),
  });
  for (const m of queued) handle(m);
  queued = [];
  send({
    t: 'ready',
    endpoint: server.endpoint,
    mode: server.mode,
    unbound: server.unbound,
    initMs: Math.round(performance.now() - t0),
  });
}

function handle(msg: ToWorker): void {
  switch (msg.t) {
    case 'reply': {
      const w = waiting.get(msg.id);
      if (w) {
        waiting.delete(msg.id);
        clearTimeout(w.timer);
        w.resolve(msg.r);
      }
      return;
    }
    case 'values':
      if (server) server.apply(msg.v);
      else queued.push(msg);
      return;
    case 'event':
      if (server) server.raiseCycle(msg.e);
      else queued.push(msg);
      return;
    case 'stop':
      void shutdown(0);
      return;
    case 'init':
      init(msg).catch((e: unknown) => {
        send({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        process.exit(1);
      });
      return;
  }
}

async function shutdown(code: number): Promise<void> {
  const s = server;
  server = null;
  try {
    await s?.stop();
  } finally {
    process.exit(code);
  }
}

process.on('message', (m) => handle(m as ToWorker));
// the parent is gone: nothing left to serve
process.on('disconnect', () => void shutdown(0));
// after an uncaught exception the process is not safe to resume (reliability-security §3.1): report
// and exit, the supervisor restarts it
process.on('uncaughtException', (e) => {
  send({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(70);
});
process.on('unhandledRejection', (e) => {
  send({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(70);
});
setInterval(() => send({ t: 'heartbeat', contained: containedFrames() }), 1000).unref();
