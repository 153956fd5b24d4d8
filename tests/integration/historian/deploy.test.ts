/**
 * The classroom stack (docker-compose.yml, deploy/): the compose file is valid for Debian's
 * docker-compose 1.29 (offline `config -q`; no Docker engine here, so the stack itself is not run), the
 * telemetry zone is one-way (InfluxDB unpublished, Grafana off the core network), the plastlab
 * configuration is valid, the generated Mosquitto accounts and ACLs isolate the stations on a real
 * Mosquitto 2, and the provisioned Grafana dashboard is complete and station-scoped.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { brokerAccounts } from '../../../deploy/plastlab/broker-accounts.ts';
import { loadConfigFile } from '../../../simulator/session/config.ts';
import { freePort, tempDir } from '../../helpers/lab.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BASE_CONFIG = join(ROOT, 'deploy/plastlab/plastlab.yml');

function compose(args: string[], env: Record<string, string>) {
  const r = spawnSync('docker-compose', args, {
    cwd: ROOT,
    env: { ...process.env, GRAFANA_ADMIN_PASSWORD: '', ...env },
    encoding: 'utf8',
  });
  if (r.error) {
    throw new Error(
      `docker-compose not found (${r.error.message}): install Debian's docker-compose (1.29, offline config check; .ci/run does)`,
    );
  }
  return r;
}

describe('classroom stack (docker-compose.yml)', () => {
  const tmp = tempDir('plastlab-deploy-');
  afterAll(() => tmp.cleanup());

  it('passes `docker-compose config -q`, and refuses to run without a Grafana admin password', () => {
    const ok = compose(['config', '-q'], { GRAFANA_ADMIN_PASSWORD: 'test-only' });
    expect(ok.stderr + ok.stdout).toBe('');
    expect(ok.status).toBe(0);
    const missing = compose(['config', '-q'], {});
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('GRAFANA_ADMIN_PASSWORD');
  });

  it('keeps the telemetry zone one-way and runs plastlab against the broker and InfluxDB', () => {
    const r = compose(['config'], { GRAFANA_ADMIN_PASSWORD: 'test-only' });
    const doc = parseYaml(r.stdout) as {
      services: Record<
        string,
        {
          image?: string;
          build?: { dockerfile: string };
          ports?: unknown[];
          networks?: Record<string, unknown>;
          depends_on?: Record<string, { condition: string }>;
        }
      >;
    };
    const s = doc.services;
    expect(Object.keys(s).sort()).toEqual([
      'broker-accounts',
      'grafana',
      'influxdb',
      'mosquitto',
      'plastlab',
    ]);
    expect(s.mosquitto!.image).toBe('eclipse-mosquitto:2');
    expect(s.influxdb!.image).toBe('influxdb:1.8');
    expect(s['broker-accounts']!.build!.dockerfile).toBe('deploy/Dockerfile');
    expect(s.influxdb!.ports).toBeUndefined();
    expect(Object.keys(s.grafana!.networks!)).toEqual(['telemetry']);
    expect(Object.keys(s.influxdb!.networks!)).toEqual(['telemetry']);
    expect(Object.keys(s.mosquitto!.networks!)).toEqual(['core']);
    expect(Object.keys(s.plastlab!.networks!).sort()).toEqual(['core', 'telemetry']);
    expect(s.plastlab!.depends_on!['broker-accounts']!.condition).toBe('service_completed_successfully');
    const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24-/m);
  });

  it('generates a valid plastlab configuration in external-broker mode with InfluxDB', () => {
    const base = loadConfigFile(BASE_CONFIG);
    expect(base.mqtt.externalUrl).toBe('mqtt://mosquitto:1883');
    expect(base.historian.influx?.url).toBe('http://influxdb:8086');
    const r = brokerAccounts(BASE_CONFIG, join(tmp.dir, 'data'), join(tmp.dir, 'broker'));
    const cfg = loadConfigFile(r.configFile);
    expect(cfg.mqtt).toMatchObject({ externalUrl: 'mqtt://mosquitto:1883', username: 'plastlab' });
    expect(cfg.mqtt.password).toBe(r.servicePassword);
    expect(cfg.lab.dataDir).toBe(join(tmp.dir, 'data'));
    const users = readFileSync(r.passwdFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(':')[0]);
    expect(users).toEqual([
      'plastlab',
      'trainer',
      'jury',
      ...Array.from({ length: 16 }, (_, i) => `st${i + 1}`),
    ]);
    // a second run keeps every password
    const again = brokerAccounts(BASE_CONFIG, join(tmp.dir, 'data'), join(tmp.dir, 'broker'));
    expect(again.servicePassword).toBe(r.servicePassword);
  });

  describe('Mosquitto accounts and ACLs', () => {
    let broker: ChildProcess | undefined;
    const clients: MqttClient[] = [];
    let url = '';
    let creds: Record<string, string> = {};
    const root = 'plastlab/site1/moulding/line1';

    afterAll(async () => {
      for (const c of clients) c.end(true);
      broker?.kill('SIGTERM');
    });

    const client = (user: string, password = creds[user]!) =>
      new Promise<MqttClient>((res, rej) => {
        const c = connect(url, { username: user, password, protocolVersion: 4, reconnectPeriod: 0 });
        clients.push(c);
        c.once('connect', () => res(c));
        c.once('error', rej);
      });
    const collect = async (c: MqttClient, filter: string) => {
      const got: string[] = [];
      c.on('message', (t) => got.push(t));
      await c.subscribeAsync(filter, { qos: 1 });
      return got;
    };
    const settle = () => new Promise((r) => setTimeout(r, 300));

    it('starts a real Mosquitto with the generated files on loopback', async () => {
      const dir = join(tmp.dir, 'broker');
      copyFileSync(join(dir, 'passwd'), join(dir, 'passwd.hashed'));
      creds = Object.fromEntries(
        readFileSync(join(dir, 'passwd'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(':') as [string, string]),
      );
      execFileSync('mosquitto_passwd', ['-U', join(dir, 'passwd.hashed')]);
      chmodSync(join(dir, 'passwd.hashed'), 0o600);
      chmodSync(join(dir, 'acl'), 0o600);
      const port = await freePort();
      // the classroom configuration, with the listener on loopback and the files of this test
      const conf = readFileSync(join(ROOT, 'deploy/mosquitto/mosquitto.conf'), 'utf8')
        .replace(/^persistence .*$/m, 'persistence false')
        .replace(/^persistence_location .*$/m, '')
        .replace(/^password_file .*$/m, `password_file ${join(dir, 'passwd.hashed')}`)
        .replace(/^acl_file .*$/m, `acl_file ${join(dir, 'acl')}`)
        .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
      expect(conf).toContain(`listener ${port} 127.0.0.1`);
      writeFileSync(join(dir, 'mosquitto.conf'), `user root\n${conf}`);
      broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
      url = `mqtt://127.0.0.1:${port}`;
      for (let i = 0; i < 50; i++) {
        try {
          const c = await client('plastlab');
          c.end(true);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error('mosquitto did not start');
    });

    it('refuses a wrong password and anonymous clients', async () => {
      await expect(client('st1', 'wrong-password')).rejects.toThrow(/Not authorized|Bad username/);
      await expect(
        new Promise((res, rej) => {
          const c = connect(url, { protocolVersion: 4, reconnectPeriod: 0 });
          clients.push(c);
          c.once('connect', res);
          c.once('error', rej);
        }),
      ).rejects.toThrow();
    });

    it('lets a candidate read only their own station and publish only their own commands', async () => {
      const lab = await client('plastlab');
      const st1 = await client('st1');
      const trainer = await client('trainer');
      const st1Sees = await collect(st1, `${root}/#`);
      const st1Sp = await collect(await client('st1'), 'spBv1.0/#');
      const trainerSees = await collect(trainer, `${root}/#`);
      const labSees = await collect(lab, `${root}/+/cmd/#`);
      for (const t of [`${root}/st1/heater/temp_pv`, `${root}/st2/heater/temp_pv`])
        await lab.publishAsync(t, '1', { qos: 1 });
      await lab.publishAsync('spBv1.0/site1-line1/DDATA/st2/imm', 'x', { qos: 1 });
      await lab.publishAsync('spBv1.0/site1-line1/DDATA/st1/imm', 'x', { qos: 1 });
      await st1.publishAsync(`${root}/st1/cmd/heater.temp_sp`, '{"value":1}', { qos: 1 });
      await st1.publishAsync(`${root}/st2/cmd/heater.temp_sp`, '{"value":1}', { qos: 1 });
      await st1.publishAsync(`${root}/st1/heater/temp_pv`, '999', { qos: 1 }); // spoofed state
      await trainer.publishAsync(`${root}/st1/cmd/heater.temp_sp`, '{"value":2}', { qos: 1 });
      await settle();
      expect(st1Sees.sort()).toEqual([`${root}/st1/cmd/heater.temp_sp`, `${root}/st1/heater/temp_pv`]);
      expect(st1Sp).toEqual(['spBv1.0/site1-line1/DDATA/st1/imm']);
      expect(trainerSees).toContain(`${root}/st2/heater/temp_pv`);
      // the lab receives the candidate's own command only: not another station's, not a spoofed state
      expect(labSees).toEqual([`${root}/st1/cmd/heater.temp_sp`]);
    });
  });

  it('provisions the InfluxDB data source and a complete station dashboard with a $station variable', () => {
    const ds = parseYaml(
      readFileSync(join(ROOT, 'deploy/grafana/provisioning/datasources/influxdb.yml'), 'utf8'),
    ) as {
      datasources: { uid: string; type: string; url: string; jsonData: { dbName: string } }[];
    };
    expect(ds.datasources[0]).toMatchObject({
      type: 'influxdb',
      url: 'http://influxdb:8086',
      jsonData: { dbName: 'plastlab' },
    });
    const dash = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboards/station.json'), 'utf8')) as {
      templating: { list: { name: string; query: string }[] };
      panels: { title: string; datasource: { uid: string }; targets: { query: string }[] }[];
    };
    expect(dash.templating.list.map((v) => v.name)).toEqual(['station']);
    expect(dash.templating.list[0]!.query).toContain('WITH KEY = "station"');
    const titles = dash.panels.map((p) => p.title.toLowerCase()).join('|');
    for (const w of [
      'zone temperatures',
      'cushion',
      'cycle time',
      'cavity pressure',
      'mould temperatures',
      'dew point',
      'energy',
    ]) {
      expect(titles).toContain(w);
    }
    for (const p of dash.panels) {
      expect(p.datasource.uid).toBe(ds.datasources[0]!.uid);
      for (const t of p.targets) expect(t.query).toContain('"station" =~ /^$station$/');
    }
  });
});
