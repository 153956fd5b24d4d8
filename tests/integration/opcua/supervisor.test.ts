/**
 * Station isolation and supervised restart (reliability-security OPC-9, DR-1, DR-2, D1): a killed or
 * hung worker touches no other station, comes back by itself with the full current image, and no write
 * a client saw acknowledged is missing from the journal.
 */
import { AttributeIds, DataType, StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustResolve, readValue, until } from '../../helpers/opcua-client.ts';
import { connect, type OpcuaLab, startOpcuaLab } from '../../helpers/opcua-lab.ts';
import { OpcuaTestCell } from '../../helpers/opcua-model.ts';

const SP =
  'DeviceSet/IMM_1/InjectionUnits/InjectionUnit_1/TemperatureZones/TemperatureZone_1/NominalTemperature';
/** the bound of reliability-security DR-2 */
const RESTART_BOUND_MS = 10_000;

describe('OPC UA worker supervision', () => {
  let L: OpcuaLab;

  beforeAll(async () => {
    L = await startOpcuaLab({ stations: 2, models: () => [new OpcuaTestCell()] });
  });

  afterAll(async () => {
    await L?.close();
  });

  const sup = (st: string) => L.service.supervisors.get(st)!;
  const login = (st: string) => connect(L.url(st), { user: st, password: L.password(st) });
  const restarted = async (st: string, before: number) => {
    await until(() => sup(st).state === 'ready' && sup(st).stats.starts > before, RESTART_BOUND_MS);
  };

  it('a killed station comes back with the full image while the other station keeps serving', async () => {
    const c1 = await login('st1');
    expect(
      await c1.session.write({
        nodeId: await mustResolve(c1.session, SP),
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.Double, value: 233 } },
      }),
    ).toBe(StatusCodes.Good);
    await c1.close();
    const c2 = await login('st2');
    const pid2 = sup('st2').pid;
    const starts = sup('st1').stats.starts;
    sup('st1').kill('SIGKILL');
    // station 2 answers during station 1's outage
    expect((await readValue(c2.session, SP)).statusCode).toBe(StatusCodes.Good);
    await restarted('st1', starts);
    expect(sup('st2').pid).toBe(pid2);
    expect(sup('st2').stats.restarts).toBe(0);
    const again = await login('st1');
    expect((await readValue(again.session, SP)).value.value).toBe(233);
    await again.close();
    await c2.close();
    // the simulation never stopped
    expect(L.lab.station('st1')!.clock.tick).toBeGreaterThan(0);
  });

  it('a hung station (no heartbeat) is killed and restarted', async () => {
    const starts = sup('st2').stats.starts;
    sup('st2').kill('SIGSTOP');
    await restarted('st2', starts);
    const c = await login('st2');
    expect((await readValue(c.session, SP)).statusCode).toBe(StatusCodes.Good);
    await c.close();
  });

  it('no acknowledged write is lost across repeated kills at seeded instants', async () => {
    let seed = 20_261_123;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const acked: number[] = [];
    let value = 100;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        try {
          const c = await login('st1');
          const node = await mustResolve(c.session, SP);
          while (!stop) {
            const v = ++value;
            const sc = await c.session.write({
              nodeId: node,
              attributeId: AttributeIds.Value,
              value: { value: { dataType: DataType.Double, value: v } },
            });
            if (sc === StatusCodes.Good) acked.push(v);
            await new Promise((r) => setTimeout(r, 50));
          }
          await c.close();
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    })();
    for (let k = 0; k < 4; k++) {
      await new Promise((r) => setTimeout(r, 300 + rnd() * 700));
      const starts = sup('st1').stats.starts;
      sup('st1').kill('SIGKILL');
      await restarted('st1', starts);
    }
    await until(() => acked.length >= 10, RESTART_BOUND_MS);
    stop = true;
    await writer;
    const journaled = new Set(
      L.lab.journal
        .read({ station: 'st1', types: ['command'] })
        .filter(
          (e) => e.actor?.channel === 'opcua' && (e.payload as { status: string }).status === 'accepted',
        )
        .map((e) => (e.payload as { applied: number }).applied),
    );
    const lost = acked.filter((v) => !journaled.has(v));
    expect(lost).toEqual([]);
    expect(sup('st1').stats.restarts).toBeGreaterThanOrEqual(5);
  });
});
