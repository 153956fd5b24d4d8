/**
 * The MES behind the EUROMAP 77 job interface of the real cell over OPC UA: an MES client (the candidate's
 * identity) reads the active job, interrupts and starts it, and sends a new job with SetCyclicJobData; the
 * jury may not call a method; every call is a journaled command of the OPC UA channel.
 */
import { AttributeIds, DataType, StatusCodes, VariantArrayType } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import { createMesModels, type MesModel } from '../../../simulator/mes/index.ts';
import { mustResolve, readValue, until } from '../../helpers/opcua-client.ts';
import { type Connected, connect, type OpcuaLab, startOpcuaLab } from '../../helpers/opcua-lab.ts';

const IMM = 'DeviceSet/IMM_1';
let L: OpcuaLab;
let cand: Connected;
let jury: Connected;

beforeAll(async () => {
  L = await startOpcuaLab({
    stations: 1,
    models: () => {
      const cell = createCellModels({ material: 'PP' });
      return [...cell, ...createMesModels({ material: 'PP', peers: cell })];
    },
  });
  [cand, jury] = await Promise.all([
    connect(L.url('st1'), { user: 'st1', password: L.password('st1') }),
    connect(L.url('st1'), { user: 'jury', password: L.password('jury') }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([cand, jury].map((c) => c?.close()));
  await L?.close();
});

const mes = () => L.lab.station('st1')!.model<MesModel>('mes')!;
const call = async (c: Connected, owner: string, method: string, inputArguments: unknown[] = []) =>
  c.session.call({
    objectId: await mustResolve(c.session, owner),
    methodId: await mustResolve(c.session, `${owner}/${method}`),
    inputArguments: inputArguments as never,
  });
const value = async (path: string) => (await readValue(cand.session, path)).value.value;
const eventually = async (cond: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
};

describe('MES over the OPC UA job interface of the real cell', () => {
  it('shows the active job the MES adopted, with its EUROMAP 77 data', async () => {
    await until(() => mes().s.job !== null);
    await eventually(async () => (await value(`${IMM}/Jobs/ActiveJob/JobName`)) === 'MO-24017');
    expect(await value(`${IMM}/Jobs/ActiveJob/CustomerName`)).toBe('Lumière Habitat SAS');
    const nominal = await value(`${IMM}/Jobs/ActiveJob/NominalParts`);
    expect(Number(Array.isArray(nominal) ? nominal[1] : nominal)).toBe(2400);
    expect(await value(`${IMM}/MachineMESStatus/ProductionControl/ProductionReleasedByMES`)).toBe(true);
  });

  it('interrupts, refuses a new job while one is in production, and takes one sent with SetCyclicJobData', async () => {
    const JV = `${IMM}/Jobs/ActiveJobValues`;
    const job = [
      { dataType: DataType.String, value: 'OPC-7' },
      { dataType: DataType.String, value: 'trial from the MES client' },
      { dataType: DataType.String, value: 'lab' },
      { dataType: DataType.String, value: 'R-PP_V3' },
      { dataType: DataType.String, value: '' },
      { dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['PP'] },
      { dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['R-PP'] },
      { dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['lid'] },
      { dataType: DataType.Boolean, value: false },
      { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, 100] },
      { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, 50] },
      { dataType: DataType.Double, value: 20_000 },
      { dataType: DataType.String, value: 'M-RPP-2C-01' },
      { dataType: DataType.UInt32, value: 2 },
    ];
    expect((await call(cand, `${IMM}/Jobs/ActiveJob`, 'SetCyclicJobData', job)).statusCode).toBe(
      StatusCodes.BadInvalidState,
    );
    expect((await call(jury, JV, 'InterruptJob')).statusCode).toBe(StatusCodes.BadUserAccessDenied);
    expect((await call(cand, JV, 'InterruptJob')).statusCode).toBe(StatusCodes.Good);
    expect(mes().s.job?.status).toBe('JOB_INTERRUPTED');
    expect((await call(cand, `${IMM}/Jobs/ActiveJob`, 'SetCyclicJobData', job)).statusCode).toBe(
      StatusCodes.Good,
    );
    expect(mes().s.job?.data).toMatchObject({
      JobName: 'OPC-7',
      Material: 'PP',
      NominalParts: 100,
      NominalBoxParts: 50,
    });
    expect((await call(cand, JV, 'StartJob')).statusCode).toBe(StatusCodes.Good);
    expect(mes().s.job?.status).toBe('JOB_IN_PRODUCTION');
    await eventually(async () => (await value(`${IMM}/Jobs/ActiveJob/JobName`)) === 'OPC-7');
    const box = await cand.session.read({
      nodeId: await mustResolve(cand.session, `${JV}/BoxId`),
      attributeId: AttributeIds.Value,
    });
    expect(box.statusCode).toBe(StatusCodes.Good);
    // every call is a command of the OPC UA channel with the candidate's identity
    const cmds = L.lab.journal.read({ station: 'st1', types: ['command'] });
    const start = cmds.findLast(
      (e) => (e.payload as { input: { action?: string } }).input.action === 'job.start',
    )!;
    expect(start.actor).toMatchObject({ user: 'st1', channel: 'opcua' });
  });
});
