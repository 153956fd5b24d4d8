/**
 * MQTT over WebSocket at `/mqtt` on the lab's HTTP server, sharing it with socket.io (standards.md §0 #5):
 * the broker's upgrade listener answers only `/mqtt`; socket.io keeps `/socket.io/` with
 * `destroyUpgrade: false`. Both must work on the same server, whichever is attached first.
 */
import type { Server as HttpServer } from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startLab } from '../../../simulator/server/start.ts';
import { tempDir, testConfig } from '../../helpers/lab.ts';
import { Inbox, mqttConnect, sleep, startMqttLab } from '../../helpers/mqtt-lab.ts';
import { pressCell } from '../../helpers/mqtt-model.ts';

function attachSocketIo(http: HttpServer): SocketIoServer {
  const io = new SocketIoServer(http, {
    path: '/socket.io/',
    destroyUpgrade: false,
    transports: ['websocket'],
  });
  io.on('connection', (s) => s.on('echo', (x: unknown, ack: (y: unknown) => void) => ack({ echoed: x })));
  return io;
}

async function socketIoEcho(port: number): Promise<unknown> {
  const s = ioClient(`http://127.0.0.1:${port}`, {
    path: '/socket.io/',
    transports: ['websocket'],
    reconnection: false,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return await s.timeout(3000).emitWithAck('echo', { n: 42 });
  } finally {
    s.close();
  }
}

describe.each([
  ['socket.io attached before the broker', true],
  ['socket.io attached after the broker (as plastlab start does)', false],
])('MQTT over WebSocket beside socket.io: %s', (_name, before) => {
  it('serves MQTT on /mqtt and socket.io on /socket.io/ from one HTTP server', async () => {
    let io: SocketIoServer | undefined;
    const l = await startMqttLab({
      stations: 1,
      beforeAdapter: (http) => {
        if (before) io = attachSocketIo(http);
      },
    });
    if (!before) io = attachSocketIo(l.http);
    try {
      const c = await mqttConnect(l.wsUrl, l.creds('st1'));
      const inbox = new Inbox(c);
      await c.subscribeAsync([`${l.root}/st1/imm/barrel/temp_sp`, `${l.root}/st1/cmd/reply`], { qos: 1 });
      const state = await inbox.wait((m) => m.topic.endsWith('/temp_sp'));
      expect(inbox.json(state).unit).toBe('°C');
      expect(await socketIoEcho(l.httpPort)).toEqual({ echoed: { n: 42 } });
      // past engine.io's destroyUpgradeTimeout (1 s): the MQTT WebSocket is still alive and working
      await sleep(1200);
      expect(c.connected).toBe(true);
      await c.publishAsync(
        `${l.root}/st1/cmd/imm.barrel.temp_sp`,
        JSON.stringify({ value: 212, corr: 'ws' }),
        { qos: 1 },
      );
      const reply = await inbox.wait((m) => m.topic.endsWith('/cmd/reply'));
      expect(inbox.json(reply)).toMatchObject({ corr: 'ws', status: 'accepted', applied: 212 });
      expect(await socketIoEcho(l.httpPort)).toEqual({ echoed: { n: 42 } });
      await c.endAsync();
    } finally {
      io?.close();
      await l.close();
    }
  });
});

describe('MQTT in plastlab start', () => {
  it('starts with the lab: banner lines, TCP and WebSocket on the Fastify server', async () => {
    const tmp = tempDir();
    const running = await startLab(
      testConfig(tmp.dir, { stations: { count: 1 }, mqtt: { enabled: true, port: 0 } }),
      {
        models: pressCell(),
      },
    );
    try {
      const banner = running.banner.join('\n');
      expect(banner).toMatch(/MQTT +mqtt:\/\/127\.0\.0\.1:\d+/);
      expect(banner).toContain('/mqtt');
      expect(banner).toContain('plastlab/site1/moulding/line1/st1/');
      const creds = running.lab.credentials.forStation('st1')!;
      const c = await mqttConnect(`${running.url.replace('http', 'ws')}/mqtt`, {
        username: creds.user,
        password: creds.password,
      });
      const inbox = new Inbox(c);
      await c.subscribeAsync('plastlab/site1/moulding/line1/st1/#');
      await inbox.wait((m) => m.topic.endsWith('/imm/mode'));
      await c.endAsync();
      const health = (await (await fetch(`${running.url}/api/health`)).json()) as {
        queues: Record<string, unknown>;
      };
      expect(health.queues.mqtt).toMatchObject({ mode: 'embedded' });
    } finally {
      await running.close();
      tmp.cleanup();
    }
  });
});
