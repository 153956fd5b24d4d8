/**
 * Argument schemas of the MES, ERP, GMAO and EUROMAP 77 job-interface actions. The same zod schemas
 * validate the command API (`registerAction`) and the REST bodies, so they appear in `/api/openapi.json`.
 */
import { z } from 'zod';
import { RULE_IDS } from './spc.ts';

const id = (max = 64) => z.string().min(1).max(max);
const text = (max = 500) => z.string().max(max);
/** a trainer-side action is shown with this name instead of the trainer's account (hidden truth) */
const performedBy = z
  .string()
  .max(64)
  .optional()
  .describe('shown as the author when a trainer or a scenario acts (default "plant")');
/** simulation ms of the station clock */
const simMs = z.number().int().min(-1e13).max(1e13);

// ------------------------------------------------------------------------------------------------ EUROMAP 77

/** SetCyclicJobData: Material/ProductName/ProductDescription come as String[] from OPC UA (first element used). */
const strOrList = (max = 200) =>
  z
    .union([z.string().max(max), z.array(z.string().max(max)).max(16)])
    .transform((v) => (Array.isArray(v) ? v.join(', ') : v));

export const SetCyclicJobDataArgs = z.strictObject({
  JobName: z.string().min(1).max(64),
  JobDescription: z.string().max(200).default(''),
  CustomerName: z.string().max(200).default(''),
  Material: strOrList().default(''),
  ProductName: strOrList().default(''),
  ProductDescription: strOrList().default(''),
  ProductionDatasetName: z.string().max(200).default(''),
  ProductionDatasetDescription: z.string().max(200).default(''),
  ContinueAtJobEnd: z.boolean().default(false),
  NominalParts: z.number().int().min(0).max(1e9),
  NominalBoxParts: z.number().int().min(0).max(1e6).optional(),
  ExpectedCycleTime: z.number().min(0).max(3_600_000).optional().describe('ms'),
  MouldId: z.string().max(64).optional(),
  NumCavities: z.number().int().min(1).max(64),
});
export type SetCyclicJobDataArgs = z.output<typeof SetCyclicJobDataArgs>;

export const NoArgs = z.strictObject({});
export const MessageArgs = z.strictObject({ message: z.string().max(500) });

// ------------------------------------------------------------------------------------------------ MES

export const DispatchJobArgs = z.strictObject({
  order: id().describe('manufacturing order, e.g. MO-24018'),
  start: z.boolean().default(false).describe('start the job at once (StartJob)'),
});

export const RecordDowntimeArgs = z.strictObject({
  reasonId: z.number().int().min(1).max(999).describe('standstill reason (GET …/mes/standstill-reasons)'),
  stop: z.number().int().min(1).optional().describe('the stop to qualify; default: the current or last stop'),
  from: simMs.optional().describe('declare an interval instead (simulation ms), e.g. a break'),
  to: simMs.optional(),
  comment: text(300).default(''),
  performedBy,
});

export const QualitySelectorSchema = z
  .strictObject({
    shotFrom: z.number().int().min(0).optional(),
    shotTo: z.number().int().min(0).optional(),
    from: simMs.optional().describe('moulded at or after (simulation ms)'),
    to: simMs.optional().describe('moulded before (simulation ms)'),
    afterAlarm: z
      .string()
      .max(130)
      .regex(/^[a-z0-9_]+\/[A-Za-z0-9_]+$/, 'equipment/CODE, e.g. dryer/DEW_POINT_HIGH')
      .optional()
      .describe('from the last activation of this alarm'),
    boxes: z.array(id()).max(500).optional(),
    parts: z.array(id(40)).max(2000).optional().describe('part ids "<shot>-<cavity>"'),
    lot: id().optional().describe('only parts moulded with this material lot'),
  })
  .refine(
    (s) =>
      s.shotFrom !== undefined ||
      s.shotTo !== undefined ||
      s.from !== undefined ||
      s.afterAlarm !== undefined ||
      s.boxes !== undefined ||
      s.parts !== undefined ||
      s.lot !== undefined,
    { message: 'select by shots, time, alarm, boxes, parts or lot' },
  );
export type QualitySelectorInput = z.output<typeof QualitySelectorSchema>;

export const QuarantineArgs = z.strictObject({
  select: QualitySelectorSchema,
  ongoing: z.boolean().default(false).describe('keep holding every new part until released'),
  reason: z.string().min(1).max(300),
  performedBy,
});

export const ReleaseArgs = z
  .strictObject({
    decision: z.number().int().min(1).optional().describe('release every part a quarantine decision holds'),
    select: QualitySelectorSchema.optional(),
    reason: z.string().min(1).max(300),
    performedBy,
  })
  .refine((a) => a.decision !== undefined || a.select !== undefined, {
    message: 'give a decision or a selection',
  });

export const ScrapArgs = z
  .strictObject({
    decision: z.number().int().min(1).optional().describe('scrap every part a quarantine decision holds'),
    select: QualitySelectorSchema.optional(),
    startupShots: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('ACT_SCRAP{n}: the last n start-up shots'),
    defectClass: z.string().max(40).default('quality_decision'),
    reason: z.string().min(1).max(300),
    performedBy,
  })
  .refine((a) => a.decision !== undefined || a.select !== undefined || a.startupShots !== undefined, {
    message: 'give a decision, a selection or startupShots',
  });

export const LotChangeArgs = z.strictObject({
  lot: id(),
  item: id().optional().describe('material item (default: the BOM resin of the active product)'),
  supplier: id().optional(),
  mfi: z.number().min(0).max(500).optional().describe('CoA melt flow index, g/10 min'),
  moisturePct: z.number().min(0).max(10).optional(),
  recycledPct: z.number().min(0).max(100).optional(),
  certificate: z.string().max(64).optional(),
  scheme: z.string().max(64).optional(),
  qtyKg: z.number().min(0).max(1e6).optional(),
  performedBy,
});

export const TestSampleArgs = z.strictObject({ shots: z.number().int().min(1).max(50).default(1) });

export const SpcLimitsArgs = z.strictObject({
  variable: id(40),
  cavity: z.number().int().min(0).max(16).default(0).describe('0 for a per-shot variable'),
  chart: z.enum(['xbar_r', 'imr']).default('xbar_r'),
  n: z.number().int().min(2).max(5).default(5).describe('subgroup size of the X̄–R chart'),
  shotFrom: z.number().int().min(0).optional().describe('reference period: first shot'),
  shotTo: z.number().int().min(0).optional(),
  from: simMs.optional().describe('reference period start (simulation ms)'),
  to: simMs.optional(),
  rules: z.array(z.enum(RULE_IDS)).max(12).default(['WE1', 'WE2', 'WE3', 'WE4']),
  lsl: z.number().optional(),
  usl: z.number().optional(),
});

export const SpcClearArgs = z.strictObject({
  variable: id(40),
  cavity: z.number().int().min(0).max(16).default(0),
  chart: z.enum(['xbar_r', 'imr']).default('xbar_r'),
});

// ------------------------------------------------------------------------------------------------ ERP

export const CreateOrderArgs = z.strictObject({
  customer: id(),
  product: id(),
  qty: z.number().int().min(1).max(1e7),
  dueInHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(48),
  regrindPct: z.number().min(0).max(100).optional(),
  resinLot: id().optional(),
  masterbatchLot: id().optional(),
  comment: text(300).default(''),
});

export const OrderArgs = z.strictObject({ order: id() });

export const ReceiveLotArgs = z.strictObject({
  lot: id(),
  item: id(),
  supplier: id(),
  qty: z.number().min(0).max(1e7),
  certificate: z
    .strictObject({
      id: id(),
      scheme: z.string().min(1).max(64),
      postConsumerPct: z.number().min(0).max(100).default(0),
      preConsumerPct: z.number().min(0).max(100).default(0),
      validUntil: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
        .default('2026-12-31'),
    })
    .optional(),
  coa: z
    .strictObject({
      mfi: z.number().min(0).max(500).optional(),
      moisturePct: z.number().min(0).max(10).optional(),
      density: z.number().min(0.5).max(3).optional(),
    })
    .optional(),
});

export const LotStatusArgs = z.strictObject({
  lot: id(),
  status: z.enum(['available', 'blocked']),
  reason: z.string().min(1).max(300),
});

// ------------------------------------------------------------------------------------------------ GMAO

export const OpenWorkOrderArgs = z.strictObject({
  equipment: id(),
  title: z.string().min(1).max(200),
  description: text(2000).default(''),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
  breakdown: z.boolean().default(false).describe('the equipment is down (counts for MTBF/MTTR)'),
  downtime: z.number().int().min(1).optional().describe('the MES stop this work order answers'),
  performedBy,
});

export const WorkOrderStatusSchema = z.enum([
  'open',
  'assigned',
  'in_progress',
  'done',
  'closed',
  'cancelled',
]);

export const UpdateWorkOrderArgs = z.strictObject({
  id: id(),
  status: WorkOrderStatusSchema.optional(),
  assignee: z.string().max(64).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  cause: text(1000).optional(),
  remedy: text(1000).optional(),
  comment: text(1000).default(''),
  performedBy,
});

export const BookPartsArgs = z.strictObject({
  id: id(),
  part: id(),
  qty: z.number().int().min(1).max(1000),
  performedBy,
});

export const BookTimeArgs = z.strictObject({
  id: id(),
  hours: z.number().min(0.01).max(24),
  technician: z.string().max(64).optional(),
  comment: text(300).default(''),
  performedBy,
});

export const SetCounterArgs = z.strictObject({
  equipment: id(),
  counter: z.enum(['shots', 'hours']),
  value: z.number().min(0).max(1e10),
});
