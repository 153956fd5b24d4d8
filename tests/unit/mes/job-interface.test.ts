import { describe, expect, it } from 'vitest';
import { METHOD_BINDINGS } from '../../../simulator/adapters/opcua/methods.ts';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import { createMesModels, type MesModel } from '../../../simulator/mes/index.ts';
import { JOB_ELEMENTS, MACHINE_ROOT } from '../../../simulator/mes/mes/job-interface.ts';
import { candidate, trainer } from '../../helpers/actors.ts';
import { act, jury, mesClient, ok } from '../../helpers/mes-actions.ts';
import { type MesTestMachine, mesStation } from '../../helpers/mes-machine.ts';

const paths = (st: Station) => st.registry.signals.map((s) => s.channels.opcua?.browsePath).filter(Boolean);

describe('EUROMAP 77 job interface: signals', () => {
  it('declares only the job nodes the machine does not, and finds each node once whoever declared it', () => {
    const st = mesStation();
    const all = paths(st);
    for (const e of JOB_ELEMENTS)
      expect(all.filter((p) => p === `${MACHINE_ROOT}/${e.path}`)).toHaveLength(1);
    // the test machine declares JobName and the counters; the MES declares the rest
    expect(st.registry.get('mes.job.name')).toBeUndefined();
    expect(st.registry.get('imm.job.name')).toBeDefined();
    expect(st.registry.get('mes.job.cycle_counter')).toBeUndefined();
    expect(st.registry.get('mes.job.test_samples')?.channels.opcua?.browsePath).toBe(
      `${MACHINE_ROOT}/Jobs/ActiveJobValues/JobTestSamplesCounter`,
    );
    expect(st.registry.get('mes.status.automatic_run_enabled')?.channels.mqtt?.topic).toBe(
      'mes/status/automatic_run_enabled',
    );
    // MES signals are never writable directly: every change is an action
    for (const s of st.registry.signals.filter((x) => x.equipment === 'mes'))
      expect(s.access.write).toEqual([]);
  });

  it('sits on the real cell without a duplicate browse path or topic', () => {
    const cell = createCellModels({ material: 'PP' });
    const st = new Station({
      id: 'st1',
      seed: 3,
      models: [...cell, ...createMesModels({ material: 'PP', peers: cell })],
    });
    const all = paths(st);
    for (const e of JOB_ELEMENTS)
      expect(all.filter((p) => p === `${MACHINE_ROOT}/${e.path}`)).toHaveLength(1);
    st.runFor(2000);
    // the MES names the machine's job after the order it adopted at start
    expect(st.store.value(st.registry.get('imm.job.name')!.index)).toBe('MO-24017');
    expect(st.model<MesModel>('mes')!.s.job?.status).toBe('JOB_IN_PRODUCTION');
  });

  it('registers every action the OPC UA adapter maps an EUROMAP method to', () => {
    const st = mesStation();
    for (const b of METHOD_BINDINGS) expect(st.action(b.action), b.action).toBeDefined();
  });
});

describe('EUROMAP 77 job interface: methods', () => {
  it('runs a job through SetCyclicJobData, StartJob, InterruptJob and FinishJob, refusing out-of-order calls', async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    const machine = st.model<MesTestMachine>('imm')!;
    st.runFor(200_000);
    expect(mes.s.job?.status).toBe('JOB_IN_PRODUCTION');
    // a new job cannot replace one in production
    const busy = await act(st, mesClient(), 'job.set_cyclic_job_data', {
      JobName: 'J-X',
      NominalParts: 10,
      NumCavities: 2,
    });
    expect(busy.rejection?.code).toBe('precondition');
    await ok(st, mesClient(), 'job.interrupt');
    expect(mes.s.job?.status).toBe('JOB_INTERRUPTED');
    expect(mes.s.automaticRun).toBe(false);
    expect(machine.s.autoRun).toBe(false);
    const shots = mes.s.shots.length;
    st.runFor(120_000);
    expect(mes.s.shots.length).toBeLessThanOrEqual(shots + 1);
    expect(st.store.value(st.registry.get('mes.status.automatic_run_enabled')!.index)).toBe(false);
    // OPC UA passes Material, ProductName and ProductDescription as String[] (standards.md §1.1)
    const binding = METHOD_BINDINGS.find((b) => b.method === 'SetCyclicJobData')!;
    const args = binding.args({
      JobName: 'TRIAL-7',
      JobDescription: 'trial',
      CustomerName: 'lab',
      ProductionDatasetName: 'R-PP_V3',
      ProductionDatasetDescription: '',
      Material: ['PP'],
      ProductName: ['R-PP'],
      ProductDescription: ['lid'],
      ContinueAtJobEnd: false,
      NominalParts: 40,
      NominalBoxParts: 20,
      ExpectedCycleTime: 20_000,
      MouldId: 'M-RPP-2C-01',
      NumCavities: 2,
    });
    const set = await ok(st, mesClient(), 'job.set_cyclic_job_data', args);
    expect(set).toMatchObject({ JobName: 'TRIAL-7', status: 'TRANSFERRED_ASSIGNED', order: null });
    expect(mes.s.jobs.map((j) => j.data.JobName)).toEqual(['MO-24017']);
    expect(st.store.value(st.registry.get('imm.job.name')!.index)).toBe('TRIAL-7');
    expect(st.store.value(st.registry.get('mes.job.nominal_box_parts')!.index)).toBe(20);
    expect((await act(st, mesClient(), 'job.interrupt')).rejection?.code).toBe('precondition');
    await ok(st, mesClient(), 'job.start');
    expect(machine.s.autoRun).toBe(true);
    st.runFor(700_000);
    // NominalParts reached: the job finishes by itself and the machine stops at the end of the cycle; the
    // restart after the interruption (> 2 min) made the first 5 shots start-up scrap (§3.16)
    expect(mes.s.job?.status).toBe('JOB_FINISHED');
    expect(mes.s.job?.counters).toMatchObject({ boxed: 40, startup: 10, cycles: 25 });
    expect(machine.s.stopAfter).toBe(true);
    const after = mes.s.shots.length;
    st.runFor(100_000);
    expect(mes.s.shots.length).toBe(after);
    expect(mes.s.boxes.filter((b) => b.job === mes.s.job!.id).map((b) => b.count)).toEqual([20, 20]);
    expect((await act(st, mesClient(), 'job.start')).rejection?.message).toContain('JOB_FINISHED');
  });

  it('dispatches a released order, refuses a planned one, and completes the order in the ERP', async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    st.runFor(60_000);
    await ok(st, candidate(), 'job.finish');
    expect(mes.erp.order('MO-24017')?.status).toBe('completed');
    const planned = await act(st, candidate(), 'mes.dispatch_job', { order: 'MO-24018' });
    expect(planned.rejection?.message).toContain('release it first');
    await ok(st, candidate(), 'erp.release_order', { order: 'MO-24018' });
    const d = await ok(st, candidate(), 'mes.dispatch_job', { order: 'MO-24018', start: true });
    expect(d.status).toBe('JOB_IN_PRODUCTION');
    expect(mes.s.job?.data).toMatchObject({
      JobName: 'MO-24018',
      NominalParts: 5000,
      CustomerName: 'Nordic Packaging AB',
    });
    expect(mes.erp.order('MO-24018')?.status).toBe('in_progress');
    // the ERP sells the three reference products; the machine has the R-PP mould mounted
    expect(mes.erp.s.products.map((p) => p.id)).toEqual(['R-PP', 'R-ABS', 'R-PA6']);
    const abs = await ok(st, trainer, 'erp.create_order', { customer: 'C-300', product: 'R-ABS', qty: 80 });
    await ok(st, candidate(), 'job.finish');
    await ok(st, candidate(), 'erp.release_order', { order: abs.order });
    const wrong = await act(st, candidate(), 'mes.dispatch_job', { order: abs.order });
    expect(wrong.rejection?.message).toContain(
      'needs mould M-RABS-2C-01 (ABS); the machine has M-RPP-2C-01 (PP)',
    );
  });

  it('resets the job counters in the MES and, through its hook, on the machine', async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    st.runFor(95_000);
    expect(mes.s.job!.counters.cycles).toBeGreaterThan(0);
    await ok(st, trainer, 'job.reset_counters');
    expect(mes.s.job!.counters.cycles).toBe(0);
    expect(st.model<MesTestMachine>('imm')!.s.counters.cycle).toBe(0);
    st.runFor(60_000);
    const machine = mes.machineCounters();
    expect(mes.s.job!.counters.cycles).toBe(machine.cycle - mes.s.job!.baseline!.cycle);
  });

  it('answers the MES message methods and refuses a reader', async () => {
    const st = mesStation();
    st.runFor(1000);
    await ok(st, mesClient(), 'mes.set_message', { message: 'change mould at 14:00' });
    expect(st.store.value(st.registry.get('mes.status.message')!.index)).toBe('change mould at 14:00');
    await ok(st, mesClient(), 'mes.clear_message');
    expect(st.store.value(st.registry.get('mes.status.message')!.index)).toBe('');
    expect((await act(st, jury, 'job.interrupt')).rejection?.code).toBe('forbidden');
    expect((await act(st, mesClient(), 'production.enable_automatic_run')).rejection?.code).toBe(
      'precondition',
    );
    await ok(st, mesClient(), 'production.disable_automatic_run');
    expect(st.model<MesTestMachine>('imm')!.s.autoRun).toBe(false);
  });
});
