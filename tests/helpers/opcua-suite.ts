/**
 * The OPC UA behaviour suite, run once per address-space mode (built-in model, official NodeSets) by
 * tests/integration/opcua/{builtin,nodesets}.test.ts. One lab with two stations serves every test.
 */
import {
  AttributeIds,
  ClientMonitoredItem,
  ClientSubscription,
  DataType,
  type DataValue,
  type NodeId,
  StatusCodes,
  TimestampsToReturn,
  VariantArrayType,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../simulator/kernel/signal-schema.ts';
import { collectEvents, mustResolve, readValue, resolvePath, until } from './opcua-client.ts';
import { type Connected, connect, type OpcuaLab, startOpcuaLab } from './opcua-lab.ts';
import { OpcuaTestCell } from './opcua-model.ts';

const IMM = 'DeviceSet/IMM_1';
const ZONE1 = `${IMM}/InjectionUnits/InjectionUnit_1/TemperatureZones/TemperatureZone_1`;

export function opcuaSuite(mode: 'builtin' | 'nodesets'): void {
  describe(`OPC UA adapter, ${mode} model`, () => {
    let L: OpcuaLab;
    let cand: Connected;
    let jury: Connected;
    let trainer: Connected;

    beforeAll(async () => {
      L = await startOpcuaLab({
        stations: 2,
        nodesets: mode === 'nodesets',
        models: () => [new OpcuaTestCell()],
      });
      [cand, jury, trainer] = await Promise.all([
        connect(L.url('st1'), { user: 'st1', password: L.password('st1') }),
        connect(L.url('st1'), { user: 'jury', password: L.password('jury') }),
        connect(L.url('st1'), { user: 'trainer', password: L.password('trainer') }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([cand, jury, trainer].map((c) => c?.close()));
      await L?.close();
    });

    const st1 = () => L.lab.station('st1')!;
    const h = (key: string) => st1().registry.indexOf(`imm.${key}`);
    const write = async (c: Connected, path: string, dataType: DataType, value: unknown, extra = {}) =>
      c.session.write({
        nodeId: await mustResolve(c.session, path),
        attributeId: AttributeIds.Value,
        value: { value: { dataType, value }, ...extra },
      });
    const call = async (c: Connected, owner: string, method: string, inputArguments: unknown[] = []) =>
      c.session.call({
        objectId: await mustResolve(c.session, owner),
        methodId: await mustResolve(c.session, `${owner}/${method}`),
        inputArguments: inputArguments as never,
      });

    describe('browse', () => {
      it('serves the EUROMAP shape under DeviceSet with the standard BrowseNames', async () => {
        for (const p of [
          `${IMM}/MachineInformation/DeviceClass`,
          `${IMM}/MachineConfiguration`,
          `${IMM}/MachineStatus/MachineMode`,
          `${IMM}/MachineMESStatus/ProductionControl/ProductionStatus`,
          `${ZONE1}/ActualTemperature`,
          `${ZONE1}/NominalTemperature`,
          `${IMM}/Moulds/Mould_1/TemperatureZones/TemperatureZone_1/ActualTemperature`,
          `${IMM}/PowerUnits`,
          `${IMM}/Jobs/ActiveJob/JobName`,
          `${IMM}/Jobs/ActiveJobValues/JobCycleCounter`,
          `${IMM}/Jobs/ActiveJobValues/StartJob`,
          `${IMM}/MachineMESStatus/SetMESMessage`,
          `${IMM}/Jobs/ActiveJob/SetCyclicJobData`,
          'DeviceSet/TCU_1/DeviceZone/Temperature/ActualValue',
          'DeviceSet/HRD_1/Zones/Zone_1/Temperature/ActualValue',
          'DeviceSet/Robot_1/MotionDevices/MotionDevice_1/Axes/Z/ParameterSet/ActualPosition',
          'DeviceSet/Dryer_1/DewPoint',
        ]) {
          expect(await resolvePath(cand.session, p), p).not.toBeNull();
        }
        const dc = await readValue(cand.session, `${IMM}/MachineInformation/DeviceClass`);
        expect(dc.value.value).toBe('Injection Moulding Machine');
      });

      it(
        mode === 'nodesets'
          ? 'instantiates the official types (IMM_MES_InterfaceType, TCD, HRD, Robotics)'
          : 'claims no EUROMAP conformance: everything is in the station namespace',
        async () => {
          const nsArray = (await cand.session.read({ nodeId: 'i=2255', attributeId: AttributeIds.Value }))
            .value.value as string[];
          const typeOf = async (path: string) => {
            const r = await cand.session.browse({
              nodeId: await mustResolve(cand.session, path),
              referenceTypeId: 'HasTypeDefinition',
              resultMask: 63,
            });
            const ref = r.references![0]!;
            return { name: ref.browseName.name, uri: nsArray[ref.nodeId.namespace] };
          };
          const imm = await typeOf(IMM);
          if (mode === 'nodesets') {
            expect(imm).toEqual({
              name: 'IMM_MES_InterfaceType',
              uri: 'http://opcfoundation.org/UA/PlasticsRubber/IMM2MES/',
            });
            expect((await typeOf('DeviceSet/TCU_1')).name).toBe('TCD_InterfaceType');
            expect((await typeOf('DeviceSet/HRD_1')).name).toBe('HRD_InterfaceType');
            expect((await typeOf('DeviceSet/Robot_1')).name).toBe('MotionDeviceSystemType');
            expect((await typeOf(`${IMM}/InjectionUnits/InjectionUnit_1`)).name).toBe('InjectionUnitType');
            expect((await typeOf(ZONE1)).name).toBe('TemperatureZoneType');
          } else {
            expect(nsArray.some((u) => /PlasticsRubber|Robotics/.test(u))).toBe(false);
            expect(nsArray).toContain('urn:plastlab:plastlab:st1');
          }
        },
      );
    });

    describe('read', () => {
      it('maps values, data types and enumerations', async () => {
        // the signal's enum index 2 is "automatic" → MachineModeEnumeration AUTOMATIC = 1
        const mm = await readValue(cand.session, `${IMM}/MachineStatus/MachineMode`);
        expect(mm.value.value).toBe(1);
        const ps = await readValue(
          cand.session,
          `${IMM}/MachineMESStatus/ProductionControl/ProductionStatus`,
        );
        expect(ps.value.value).toBe(4);
        // an enum EUROMAP does not define: its index, with the names in EnumStrings
        const phase = await readValue(cand.session, `${IMM}/MachineStatus/CyclePhase`);
        expect(phase.value.value).toBe(2);
        const names = await readValue(cand.session, `${IMM}/MachineStatus/CyclePhase/EnumStrings`);
        expect((names.value.value as { text: string }[]).map((t) => t.text)).toEqual([
          'idle',
          'injecting',
          'holding',
          'cooling',
        ]);
        await until(() => st1().store.get(h('job_cycle_counter')) >= 2);
        const jcc = await readValue(cand.session, `${IMM}/Jobs/ActiveJobValues/JobCycleCounter`);
        expect(jcc.value.dataType).toBe(DataType.UInt64);
        const [hi, lo] = jcc.value.value as [number, number];
        expect(hi).toBe(0);
        expect(lo).toBeGreaterThanOrEqual(1);
        // LastCycleTime is a Duration in ms; the signal gives seconds
        const lct = await readValue(cand.session, `${IMM}/Jobs/ActiveJobValues/LastCycleTime`);
        expect(lct.value.value).toBe(25_500);
        const name = await readValue(cand.session, `${IMM}/Jobs/ActiveJob/JobName`);
        expect(name.value.value).toBe('JOB-0001');
      });

      it('gives analog items their EURange and EngineeringUnits (UNECE codes)', async () => {
        const actual = await mustResolve(cand.session, `${ZONE1}/ActualTemperature`);
        const range = await readValue(cand.session, `${ZONE1}/ActualTemperature/EURange`);
        expect(range.value.value).toMatchObject({ low: 0, high: 400 });
        const units = await readValue(cand.session, `${ZONE1}/ActualTemperature/EngineeringUnits`);
        expect(units.value.value).toMatchObject({ unitId: 4408652, displayName: { text: '°C' } });
        const dt = await cand.session.read({ nodeId: actual, attributeId: AttributeIds.DataType });
        expect(dt.value.value.value).toBe(DataType.Double);
        const power = await readValue(cand.session, 'DeviceSet/EnergyMeter_1/ActivePower/EngineeringUnits');
        expect(power.value.value).toMatchObject({ displayName: { text: 'kW' } });
      });

      it('carries the station quality and source timestamp; a frozen value keeps its old timestamp', async () => {
        const path = `${IMM}/Moulds/Mould_1/CavityTemperature`;
        const before = await readValue(cand.session, path);
        expect(before.statusCode).toBe(StatusCodes.Good);
        expect(before.sourceTimestamp!.getTime()).toBeLessThanOrEqual(Date.now());
        expect(before.serverTimestamp).toBeInstanceOf(Date);
        const idx = h('mould.cavity_temp');
        const st = st1();
        const srcTs = L.lab.startedAt + st.store.srcTs[idx]!;
        st.store.freeze(idx, Quality.Uncertain);
        let dv: DataValue = before;
        await until(() => false, 400).catch(() => {});
        dv = await readValue(cand.session, path);
        expect(dv.statusCode).toBe(StatusCodes.UncertainLastUsableValue);
        expect(dv.sourceTimestamp!.getTime()).toBe(srcTs);
        expect(dv.value.value).toBe(before.value.value);
        st.store.setQuality(idx, Quality.Bad);
        await new Promise((r) => setTimeout(r, 400));
        dv = await readValue(cand.session, path);
        expect(dv.statusCode).toBe(StatusCodes.BadCommunicationError);
        expect(dv.sourceTimestamp!.getTime()).toBe(srcTs);
        st.store.unfreeze(idx);
        st.store.set(idx, 51);
        await new Promise((r) => setTimeout(r, 400));
        dv = await readValue(cand.session, path);
        expect(dv.statusCode).toBe(StatusCodes.Good);
        expect(dv.value.value).toBe(51);
      });
    });

    describe('subscribe', () => {
      it('delivers a changing value, and the frozen status with the old source timestamp', async () => {
        const sub = ClientSubscription.create(cand.session, {
          requestedPublishingInterval: 100,
          requestedLifetimeCount: 600,
          requestedMaxKeepAliveCount: 20,
          publishingEnabled: true,
        });
        const seen: DataValue[] = [];
        const frozen: DataValue[] = [];
        const mon = async (path: string, into: DataValue[]) => {
          const mi = ClientMonitoredItem.create(
            sub,
            { nodeId: await mustResolve(cand.session, path), attributeId: AttributeIds.Value },
            { samplingInterval: 0, queueSize: 10, discardOldest: true },
            TimestampsToReturn.Both,
          );
          mi.on('changed', (dv) => into.push(dv));
        };
        await mon(`${ZONE1}/ActualTemperature`, seen);
        await mon('DeviceSet/TCU_1/DeviceZone/Temperature/ActualValue', frozen);
        await until(() => new Set(seen.map((d) => d.value.value)).size >= 3 && frozen.length >= 1);
        const idx = st1().registry.indexOf('imm.tcu1.supply_actual');
        const srcTs = L.lab.startedAt + st1().store.srcTs[idx]!;
        st1().store.freeze(idx, Quality.Bad);
        await until(() => frozen.some((d) => d.statusCode === StatusCodes.BadCommunicationError));
        const last = frozen[frozen.length - 1]!;
        expect(last.sourceTimestamp!.getTime()).toBe(srcTs);
        await sub.terminate();
      });
    });

    describe('write', () => {
      const SP = `${ZONE1}/NominalTemperature`;

      it('accepts a valid set point through the command API, journaled with the OPC UA identity', async () => {
        const sc = await write(cand, SP, DataType.Double, 251.5);
        expect(sc).toBe(StatusCodes.Good);
        expect(st1().store.get(h('zone1.temp_set'))).toBe(251.5);
        expect((await readValue(cand.session, SP)).value.value).toBe(251.5);
        const rec = L.lab.journal
          .read({ station: 'st1', types: ['command'] })
          .find(
            (e) => e.actor?.channel === 'opcua' && (e.payload as { applied?: unknown }).applied === 251.5,
          );
        expect(rec?.actor?.user).toBe('st1');
        expect(rec?.actor?.client).toContain('urn:plastlab:test-client');
      });

      it('refuses bad writes with the right StatusCode and changes nothing', async () => {
        expect(await write(cand, SP, DataType.Double, 251.5)).toBe(StatusCodes.Good);
        const cases: [string, Connected, string, DataType, unknown, object, StatusCodes | number][] = [
          ['above the range', cand, SP, DataType.Double, 999, {}, StatusCodes.BadOutOfRange],
          ['below the range', cand, SP, DataType.Double, -1, {}, StatusCodes.BadOutOfRange],
          ['NaN', cand, SP, DataType.Double, Number.NaN, {}, StatusCodes.BadOutOfRange],
          ['+Infinity', cand, SP, DataType.Double, Number.POSITIVE_INFINITY, {}, StatusCodes.BadOutOfRange],
          ['-Infinity', cand, SP, DataType.Double, Number.NEGATIVE_INFINITY, {}, StatusCodes.BadOutOfRange],
          ['a string', cand, SP, DataType.String, 'hot', {}, StatusCodes.BadTypeMismatch],
          ['an Int32', cand, SP, DataType.Int32, 250, {}, StatusCodes.BadTypeMismatch],
          [
            'a status code',
            cand,
            SP,
            DataType.Double,
            250,
            { statusCode: StatusCodes.Bad },
            StatusCodes.BadWriteNotSupported,
          ],
          [
            'a source timestamp',
            cand,
            SP,
            DataType.Double,
            250,
            { sourceTimestamp: new Date() },
            StatusCodes.BadWriteNotSupported,
          ],
          ['the jury (read-only)', jury, SP, DataType.Double, 250, {}, StatusCodes.BadUserAccessDenied],
          [
            'a measurement',
            cand,
            `${ZONE1}/ActualTemperature`,
            DataType.Double,
            10,
            {},
            StatusCodes.BadNotWritable,
          ],
          [
            'a nameplate value',
            cand,
            `${IMM}/MachineInformation/DeviceClass`,
            DataType.String,
            'x',
            {},
            StatusCodes.BadNotWritable,
          ],
        ];
        for (const [what, c, path, dt, v, extra, code] of cases) {
          expect((await write(c, path, dt, v, extra)).value, what).toBe(code.valueOf());
        }
        expect(st1().store.get(h('zone1.temp_set'))).toBe(251.5);
        expect((await readValue(cand.session, SP)).value.value).toBe(251.5);
        expect((await readValue(cand.session, `${IMM}/MachineInformation/DeviceClass`)).value.value).toBe(
          'Injection Moulding Machine',
        );
      });

      it('applies the signal model roles: an operator-only parameter refuses the trainer', async () => {
        const p = `${IMM}/InjectionUnits/InjectionUnit_1/ScrewSpeedLimit`;
        expect(await write(cand, p, DataType.Int32, 150)).toBe(StatusCodes.Good);
        expect(await write(trainer, p, DataType.Int32, 100)).toBe(StatusCodes.BadUserAccessDenied);
        expect(await write(cand, p, DataType.Int32, 301)).toBe(StatusCodes.BadOutOfRange);
        expect(st1().store.get(h('screw_rpm_limit'))).toBe(150);
        const access = await cand.session.read({
          nodeId: await mustResolve(cand.session, p),
          attributeId: AttributeIds.UserAccessLevel,
        });
        expect(access.value.value & 2).toBe(2);
        const juryAccess = await jury.session.read({
          nodeId: await mustResolve(jury.session, p),
          attributeId: AttributeIds.UserAccessLevel,
        });
        expect(juryAccess.value.value & 2).toBe(0);
      });

      it('writes a UInt64-free TCU set point (EUROMAP 82.1) and refuses an enum value EUROMAP lacks', async () => {
        expect(
          await write(cand, 'DeviceSet/TCU_1/DeviceZone/Temperature/SetValue', DataType.Double, 60),
        ).toBe(StatusCodes.Good);
        expect(st1().store.get(h('tcu1.supply_set'))).toBe(60);
        expect(await write(cand, 'DeviceSet/TCU_1/DeviceZone/Temperature/SetValue', DataType.Double, 5)).toBe(
          StatusCodes.BadOutOfRange,
        );
      });
    });

    describe('methods', () => {
      const JV = `${IMM}/Jobs/ActiveJobValues`;
      it('calls the command API actions and maps their refusals', async () => {
        expect((await call(cand, JV, 'StartJob')).statusCode).toBe(StatusCodes.Good);
        // precondition at the boundary: a job already runs
        expect((await call(cand, JV, 'StartJob')).statusCode).toBe(StatusCodes.BadInvalidState);
        expect((await call(cand, JV, 'InterruptJob')).statusCode).toBe(StatusCodes.Good);
        // not registered by this cell
        expect((await call(cand, JV, 'StopAtCycleEnd')).statusCode).toBe(StatusCodes.BadNotImplemented);
        // the jury may not call methods
        expect((await call(jury, JV, 'FinishJob')).statusCode).toBe(StatusCodes.BadUserAccessDenied);
        expect((await call(cand, JV, 'ResetJobCounters')).statusCode).toBe(StatusCodes.Good);
        const pc = `${IMM}/MachineMESStatus/ProductionControl`;
        expect((await call(cand, pc, 'EnableAutomaticRun')).statusCode).toBe(StatusCodes.Good);
        expect(st1().store.getBool(h('auto_run'))).toBe(true);
        expect((await call(cand, pc, 'DisableAutomaticRun')).statusCode).toBe(StatusCodes.Good);
        expect(st1().store.getBool(h('auto_run'))).toBe(false);
      });

      it('SetMESMessage and SetCyclicJobData carry their arguments', async () => {
        const mes = `${IMM}/MachineMESStatus`;
        const r = await call(cand, mes, 'SetMESMessage', [
          { dataType: DataType.String, value: 'M1' },
          { dataType: DataType.String, value: 'change the mould at 14:00' },
          { dataType: DataType.UInt16, value: 500 },
        ]);
        expect(r.statusCode).toBe(StatusCodes.Good);
        const model = L.models.get('st1')![0] as OpcuaTestCell;
        expect(model.messages).toContain('change the mould at 14:00');
        const job = (nominal: number) => [
          { dataType: DataType.String, value: 'JOB-42' },
          { dataType: DataType.String, value: 'cups' },
          { dataType: DataType.String, value: 'ACME' },
          { dataType: DataType.String, value: 'DS-1' },
          { dataType: DataType.String, value: 'dataset' },
          { dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['PP H350'] },
          { dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['cup'] },
          { dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['200 ml cup'] },
          { dataType: DataType.Boolean, value: false },
          { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, nominal] },
          { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, 50] },
          { dataType: DataType.Double, value: 25_000 },
          { dataType: DataType.String, value: 'M-007' },
          { dataType: DataType.UInt32, value: 4 },
        ];
        const ok = await call(cand, `${IMM}/Jobs/ActiveJob`, 'SetCyclicJobData', job(5000));
        expect(ok.statusCode).toBe(StatusCodes.Good);
        expect(model.jobData.at(-1)).toMatchObject({
          JobName: 'JOB-42',
          Material: ['PP H350'],
          NominalParts: 5000,
          NumCavities: 4,
        });
        await until(() => st1().store.getStr(h('job_name')) === 'JOB-42');
        await new Promise((res) => setTimeout(res, 300));
        expect((await readValue(cand.session, `${IMM}/Jobs/ActiveJob/JobName`)).value.value).toBe('JOB-42');
        const bad = await call(cand, `${IMM}/Jobs/ActiveJob`, 'SetCyclicJobData', job(0));
        expect(bad.statusCode).toBe(StatusCodes.BadInvalidArgument);
      });
    });

    describe('per-shot event', () => {
      it('raises a derived CycleParametersEventType with InjectionUnitCycleParameters_1', async () => {
        const nsArray = (await cand.session.read({ nodeId: 'i=2255', attributeId: AttributeIds.Value })).value
          .value as string[];
        const own = nsArray.indexOf('urn:plastlab:plastlab:st1');
        const general =
          mode === 'nodesets'
            ? nsArray.indexOf('http://opcfoundation.org/UA/PlasticsRubber/GeneralTypes/')
            : own;
        const imm =
          mode === 'nodesets' ? nsArray.indexOf('http://opcfoundation.org/UA/PlasticsRubber/IMM2MES/') : own;
        const fields = [
          ['EventType'],
          ['SourceName'],
          [`${general}:JobName`],
          [`${general}:CycleTime`],
          [`${general}:CycleQuality`],
          [`${general}:JobCycleCounter`],
          [`${imm}:InjectionUnitCycleParameters_1`, `${imm}:CushionVolume`],
          [`${imm}:InjectionUnitCycleParameters_1`, `${imm}:VPChangeOverPosition`],
          [`${imm}:InjectionUnitCycleParameters_1`, `${imm}:SpecificPressureMaximum`],
          [`${imm}:InjectionUnitCycleParameters_1`, `${imm}:DosingTime`],
        ];
        const onServer = await collectEvents(cand.session, 'i=2253', fields);
        const onImm = await collectEvents(cand.session, await mustResolve(cand.session, IMM), fields);
        await until(() => onServer.events.length >= 2 && onImm.events.length >= 2);
        const ev = onServer.events.at(-1)!;
        expect(ev[1]!.value).toBe('IMM_1');
        expect(ev[2]!.value).toBe(st1().store.getStr(h('job_name')));
        expect(ev[3]!.value).toBe(25_500);
        expect(ev[4]!.value).toBe(0);
        expect(ev[5]!.dataType).toBe(DataType.UInt64);
        expect((ev[5]!.value as number[])[1]).toBeGreaterThan(0);
        expect(ev[6]!.value).toBe(3.2);
        expect(ev[7]!.value).toBe(12.5);
        expect(ev[8]!.value).toBe(1200);
        // the ShotRecord's seconds become EUROMAP's Duration in ms
        expect(ev[9]!.value).toBe(4100);
        await onServer.stop();
        await onImm.stop();
      });
    });

    describe('security', () => {
      it('refuses anonymous sessions and the None endpoint by default', async () => {
        await expect(connect(L.url('st1'))).rejects.toThrow();
        await expect(
          connect(L.url('st1'), {
            user: 'st1',
            password: L.password('st1'),
            mode: 1 /* None */,
            policy: 'http://opcfoundation.org/UA/SecurityPolicy#None' as never,
          }),
        ).rejects.toThrow();
      });

      it('refuses a wrong password and another station candidate; accepts Sign with the other policies', async () => {
        await expect(connect(L.url('st1'), { user: 'st1', password: 'wrong-password' })).rejects.toThrow();
        await expect(connect(L.url('st1'), { user: 'st2', password: L.password('st2') })).rejects.toThrow();
        const other = await connect(L.url('st2'), { user: 'st2', password: L.password('st2') });
        await other.close();
        for (const policy of [
          'http://opcfoundation.org/UA/SecurityPolicy#Aes128_Sha256_RsaOaep',
          'http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss',
        ]) {
          const c = await connect(L.url('st1'), {
            user: 'st1',
            password: L.password('st1'),
            mode: 2 /* Sign */,
            policy: policy as never,
          });
          await c.close();
        }
        await expect(
          connect(L.url('st1'), {
            user: 'st1',
            password: L.password('st1'),
            policy: 'http://opcfoundation.org/UA/SecurityPolicy#Basic256' as never,
          }),
        ).rejects.toThrow();
        const health = L.lab.healthReport('test').queues as Record<
          string,
          Record<string, { auth_refused: number }>
        >;
        expect(health.opcua!.st1!.auth_refused).toBeGreaterThanOrEqual(2);
      });
    });
  });
}

export type { NodeId };
