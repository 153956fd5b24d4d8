/**
 * EUROMAP 77/83 methods → command API actions (standards.md §1.1–1.2; the actions are registered by
 * the MES). Input arguments follow the official NodeSets: SetMESMessage(Id, Message, Severity),
 * SetCyclicJobData(JobName … NumCavities) with Material/ProductName/ProductDescription as String[].
 */

export interface MethodArgument {
  readonly name: string;
  /** node-opcua DataType name */
  readonly dataType: string;
  /** -1 scalar, 1 one-dimensional array */
  readonly valueRank: -1 | 1;
}

export interface MethodBinding {
  /** BrowseName of the method */
  readonly method: string;
  /** the object that owns the method, by path below the IMM (`Jobs/ActiveJobValues`) */
  readonly owner: string;
  readonly action: string;
  /** the input arguments of the built-in model (the official NodeSets declare the same) */
  readonly inputs: readonly MethodArgument[];
  /** action arguments from the named input arguments */
  readonly args: (named: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

const none = () => ({});

const CYCLIC_JOB_INPUTS: readonly MethodArgument[] = [
  { name: 'JobName', dataType: 'String', valueRank: -1 },
  { name: 'JobDescription', dataType: 'String', valueRank: -1 },
  { name: 'CustomerName', dataType: 'String', valueRank: -1 },
  { name: 'ProductionDatasetName', dataType: 'String', valueRank: -1 },
  { name: 'ProductionDatasetDescription', dataType: 'String', valueRank: -1 },
  { name: 'Material', dataType: 'String', valueRank: 1 },
  { name: 'ProductName', dataType: 'String', valueRank: 1 },
  { name: 'ProductDescription', dataType: 'String', valueRank: 1 },
  { name: 'ContinueAtJobEnd', dataType: 'Boolean', valueRank: -1 },
  { name: 'NominalParts', dataType: 'UInt64', valueRank: -1 },
  { name: 'NominalBoxParts', dataType: 'UInt64', valueRank: -1 },
  { name: 'ExpectedCycleTime', dataType: 'Duration', valueRank: -1 },
  { name: 'MouldId', dataType: 'String', valueRank: -1 },
  { name: 'NumCavities', dataType: 'UInt32', valueRank: -1 },
];

export const METHOD_BINDINGS: readonly MethodBinding[] = [
  { method: 'StartJob', owner: 'Jobs/ActiveJobValues', action: 'job.start', inputs: [], args: none },
  { method: 'InterruptJob', owner: 'Jobs/ActiveJobValues', action: 'job.interrupt', inputs: [], args: none },
  { method: 'FinishJob', owner: 'Jobs/ActiveJobValues', action: 'job.finish', inputs: [], args: none },
  {
    method: 'ResetJobCounters',
    owner: 'Jobs/ActiveJobValues',
    action: 'job.reset_counters',
    inputs: [],
    args: none,
  },
  {
    method: 'StopAtCycleEnd',
    owner: 'Jobs/ActiveJobValues',
    action: 'job.stop_at_cycle_end',
    inputs: [],
    args: none,
  },
  {
    method: 'EnableAutomaticRun',
    owner: 'MachineMESStatus/ProductionControl',
    action: 'production.enable_automatic_run',
    inputs: [],
    args: none,
  },
  {
    method: 'DisableAutomaticRun',
    owner: 'MachineMESStatus/ProductionControl',
    action: 'production.disable_automatic_run',
    inputs: [],
    args: none,
  },
  {
    method: 'SetMESMessage',
    owner: 'MachineMESStatus',
    action: 'mes.set_message',
    inputs: [
      { name: 'Id', dataType: 'String', valueRank: -1 },
      { name: 'Message', dataType: 'String', valueRank: -1 },
      { name: 'Severity', dataType: 'UInt16', valueRank: -1 },
    ],
    args: (a) => ({ message: a.Message }),
  },
  {
    method: 'ClearMESMessage',
    owner: 'MachineMESStatus',
    action: 'mes.clear_message',
    inputs: [],
    args: none,
  },
  {
    method: 'SetCyclicJobData',
    owner: 'Jobs/ActiveJob',
    action: 'job.set_cyclic_job_data',
    inputs: CYCLIC_JOB_INPUTS,
    args: (a) => {
      const out: Record<string, unknown> = {};
      for (const i of CYCLIC_JOB_INPUTS) if (a[i.name] !== undefined) out[i.name] = a[i.name];
      return out;
    },
  },
];

export const bindingOf = (method: string): MethodBinding | undefined =>
  METHOD_BINDINGS.find((b) => b.method === method);
