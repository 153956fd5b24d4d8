/**
 * Demo master data of a fresh lab (issue 9): customers, suppliers, the three reference products (R-PP lid,
 * R-ABS housing, R-PA6 clip; domain-model §1.2), resin lots with recycled-content certificates and CoA,
 * masterbatch, regrind and packaging, and open orders, so a candidate has something to investigate.
 *
 * One lot of each grade is deliberately close to or outside its MFI specification (F07 material): the ERP
 * shows the CoA; whether it is in spec is for the candidate to check.
 */
import type {
  CertificateOfAnalysis,
  ErpState,
  Lot,
  MaterialItem,
  Product,
  RecycledCertificate,
} from '../types.ts';

export type MaterialId = 'PP' | 'ABS' | 'PA6';

const H = 3_600_000;
const DAY = 24 * H;

const PRODUCTS: Record<MaterialId, Product> = {
  PP: {
    id: 'R-PP',
    name: { fr: 'Couvercle rond R-PP (2 empreintes)', en: 'R-PP round lid (2 cavities)' },
    material: 'PP',
    cavities: 2,
    partWeightG: 24,
    runnerG: 6,
    refCycleS: 20,
    weight: { nominal: 24, tol: 0.2 },
    keyDim: { nominal: 113, tol: 0.2 },
    boxParts: 120,
    mouldId: 'M-RPP-2C-01',
    dataset: { name: 'R-PP_V3', description: 'R-PP validated process, revision 3' },
    bom: {
      resinItem: 'PP-R50',
      masterbatchItem: 'MB-PP-BLUE',
      masterbatchPct: 2,
      regrindPct: 15,
      regrindMaxPct: 25,
      packagingItem: 'BOX-600',
    },
  },
  ABS: {
    id: 'R-ABS',
    name: { fr: 'Boîtier R-ABS (2 empreintes)', en: 'R-ABS housing (2 cavities)' },
    material: 'ABS',
    cavities: 2,
    partWeightG: 30,
    runnerG: 7,
    refCycleS: 26,
    weight: { nominal: 30, tol: 0.22 },
    keyDim: { nominal: 150, tol: 0.2 },
    boxParts: 80,
    mouldId: 'M-RABS-2C-01',
    dataset: { name: 'R-ABS_V2', description: 'R-ABS validated process, revision 2' },
    bom: {
      resinItem: 'ABS-R30',
      masterbatchItem: 'MB-ABS-GREY',
      masterbatchPct: 2,
      regrindPct: 15,
      regrindMaxPct: 20,
      packagingItem: 'BOX-600',
    },
  },
  PA6: {
    id: 'R-PA6',
    name: { fr: 'Clip R-PA6 (2 empreintes)', en: 'R-PA6 clip (2 cavities)' },
    material: 'PA6',
    cavities: 2,
    partWeightG: 15,
    runnerG: 4,
    refCycleS: 17,
    weight: { nominal: 15, tol: 0.12 },
    keyDim: { nominal: 40, tol: 0.08 },
    boxParts: 200,
    mouldId: 'M-RPA6-2C-01',
    dataset: { name: 'R-PA6_V4', description: 'R-PA6 validated process, revision 4' },
    bom: {
      resinItem: 'PA6-R25',
      masterbatchItem: 'MB-PA6-BLACK',
      masterbatchPct: 1.5,
      regrindPct: 15,
      regrindMaxPct: 20,
      packagingItem: 'BOX-600',
    },
  },
};

const ITEMS: MaterialItem[] = [
  {
    id: 'PP-R50',
    kind: 'resin',
    name: {
      fr: 'PP copolymère, 50 % recyclé post-consommation',
      en: 'PP copolymer, 50 % post-consumer recycled',
    },
    material: 'PP',
    unit: 'kg',
    mfiSpec: { min: 8, nominal: 12, max: 18 },
    moistureMaxPct: 0.05,
  },
  {
    id: 'PP-V',
    kind: 'resin',
    name: { fr: 'PP copolymère vierge', en: 'Virgin PP copolymer' },
    material: 'PP',
    unit: 'kg',
    mfiSpec: { min: 8, nominal: 12, max: 18 },
    moistureMaxPct: 0.05,
  },
  {
    id: 'ABS-R30',
    kind: 'resin',
    name: { fr: 'ABS, 30 % recyclé post-consommation', en: 'ABS, 30 % post-consumer recycled' },
    material: 'ABS',
    unit: 'kg',
    mfiSpec: { min: 17, nominal: 20, max: 23 },
    moistureMaxPct: 0.1,
  },
  {
    id: 'PA6-R25',
    kind: 'resin',
    name: { fr: 'PA6, 25 % recyclé post-industriel', en: 'PA6, 25 % post-industrial recycled' },
    material: 'PA6',
    unit: 'kg',
    mfiSpec: { min: 25, nominal: 30, max: 35 },
    moistureMaxPct: 0.2,
  },
  {
    id: 'MB-PP-BLUE',
    kind: 'masterbatch',
    name: { fr: 'Mélange maître bleu (PP)', en: 'Blue masterbatch (PP)' },
    material: 'PP',
    unit: 'kg',
    mfiSpec: null,
    moistureMaxPct: null,
  },
  {
    id: 'MB-ABS-GREY',
    kind: 'masterbatch',
    name: { fr: 'Mélange maître gris (ABS)', en: 'Grey masterbatch (ABS)' },
    material: 'ABS',
    unit: 'kg',
    mfiSpec: null,
    moistureMaxPct: null,
  },
  {
    id: 'MB-PA6-BLACK',
    kind: 'masterbatch',
    name: { fr: 'Mélange maître noir (PA6)', en: 'Black masterbatch (PA6)' },
    material: 'PA6',
    unit: 'kg',
    mfiSpec: null,
    moistureMaxPct: null,
  },
  ...(['PP', 'ABS', 'PA6'] as const).map(
    (m): MaterialItem => ({
      id: `RG-${m}`,
      kind: 'regrind',
      name: {
        fr: `Rebroyé interne ${m} (carottes et rebuts)`,
        en: `In-house ${m} regrind (runners and rejects)`,
      },
      material: m,
      unit: 'kg',
      mfiSpec: null,
      moistureMaxPct: null,
    }),
  ),
  {
    id: 'BOX-600',
    kind: 'packaging',
    name: { fr: 'Carton 600 × 400 × 300', en: 'Carton 600 × 400 × 300' },
    material: null,
    unit: 'pc',
    mfiSpec: null,
    moistureMaxPct: null,
  },
];

const cert = (
  id: string,
  scheme: string,
  post: number,
  pre: number,
  validUntil = '2026-12-31',
): RecycledCertificate => ({
  id,
  scheme,
  recycledPct: post + pre,
  postConsumerPct: post,
  preConsumerPct: pre,
  validUntil,
});
const coa = (
  mfi: number | null,
  moisturePct: number | null,
  density: number | null = null,
): CertificateOfAnalysis => ({
  mfi,
  moisturePct,
  density,
});

export function coaInSpec(item: MaterialItem | undefined, c: CertificateOfAnalysis | null): boolean | null {
  if (!item || !c) return null;
  let known = false;
  if (item.mfiSpec && c.mfi !== null) {
    known = true;
    if (c.mfi < item.mfiSpec.min || c.mfi > item.mfiSpec.max) return false;
  }
  if (item.moistureMaxPct !== null && c.moisturePct !== null) {
    known = true;
    if (c.moisturePct > item.moistureMaxPct) return false;
  }
  return known ? true : null;
}

function lot(
  id: string,
  item: string,
  supplier: string,
  qty: number,
  onHand: number,
  status: Lot['status'],
  certificate: RecycledCertificate | null,
  c: CertificateOfAnalysis | null,
  receivedAt: number,
): Lot {
  return {
    id,
    item,
    supplier,
    receivedAt,
    qtyReceived: qty,
    onHand,
    status,
    statusReason: '',
    certificate,
    coa: c,
    coaInSpec: coaInSpec(
      ITEMS.find((i) => i.id === item),
      c,
    ),
  };
}

/** Lots of each grade: the one in use, a conforming spare, one at the edge of (or outside) the MFI spec. */
function lotsFor(m: MaterialId, currentLot: string): Lot[] {
  const common = [
    lot(`RG-${m}-INT`, `RG-${m}`, 'S-INT', 60, 45, 'in_use', null, null, -2 * DAY),
    lot('PK-2411-08', 'BOX-600', 'S-40', 400, 212, 'in_use', null, null, -20 * DAY),
  ];
  switch (m) {
    case 'PP':
      return [
        lot(
          currentLot,
          'PP-R50',
          'S-10',
          1000,
          640,
          'in_use',
          cert('EUCP-FR-0421-24', 'EuCertPlast', 50, 0),
          coa(12.3, 0.03, 0.905),
          -6 * DAY,
        ),
        lot(
          'L-PP-2411-022',
          'PP-R50',
          'S-10',
          1000,
          1000,
          'available',
          cert('EUCP-FR-0421-24', 'EuCertPlast', 50, 0),
          coa(13.6, 0.03, 0.905),
          -4 * DAY,
        ),
        lot(
          'L-PP-2412-003',
          'PP-R50',
          'S-10',
          1000,
          1000,
          'available',
          cert('EUCP-FR-0421-24', 'EuCertPlast', 50, 0),
          coa(17.9, 0.04, 0.905),
          -1 * DAY,
        ),
        lot('L-PP-V-0931', 'PP-V', 'S-20', 500, 500, 'available', null, coa(12.1, 0.02, 0.905), -15 * DAY),
        lot('MB-B-0088', 'MB-PP-BLUE', 'S-30', 25, 18.5, 'in_use', null, null, -30 * DAY),
        ...common,
      ];
    case 'ABS':
      return [
        lot(
          currentLot,
          'ABS-R30',
          'S-11',
          1000,
          700,
          'in_use',
          cert('RCS-ABS-2290', 'RecyClass', 30, 0),
          coa(20.4, 0.08, 1.045),
          -5 * DAY,
        ),
        lot(
          'L-ABS-2411-031',
          'ABS-R30',
          'S-11',
          1000,
          1000,
          'available',
          cert('RCS-ABS-2290', 'RecyClass', 30, 0),
          coa(19.1, 0.09, 1.045),
          -3 * DAY,
        ),
        lot(
          'L-ABS-2412-002',
          'ABS-R30',
          'S-11',
          1000,
          1000,
          'available',
          cert('RCS-ABS-2290', 'RecyClass', 30, 0),
          coa(24.6, 0.11, 1.045),
          -1 * DAY,
        ),
        lot('MB-G-0112', 'MB-ABS-GREY', 'S-30', 25, 20, 'in_use', null, null, -30 * DAY),
        ...common,
      ];
    case 'PA6':
      return [
        lot(
          currentLot,
          'PA6-R25',
          'S-12',
          1000,
          720,
          'in_use',
          cert('ISCC-PA-7781', 'ISCC PLUS', 0, 25),
          coa(30.8, 0.12, 1.13),
          -5 * DAY,
        ),
        lot(
          'L-PA6-2411-014',
          'PA6-R25',
          'S-12',
          1000,
          1000,
          'available',
          cert('ISCC-PA-7781', 'ISCC PLUS', 0, 25),
          coa(28.9, 0.15, 1.13),
          -3 * DAY,
        ),
        lot(
          'L-PA6-2412-005',
          'PA6-R25',
          'S-12',
          1000,
          1000,
          'available',
          cert('ISCC-PA-7781', 'ISCC PLUS', 0, 25),
          coa(34.8, 0.19, 1.13),
          -1 * DAY,
        ),
        lot('MB-K-0061', 'MB-PA6-BLACK', 'S-30', 25, 21, 'in_use', null, null, -30 * DAY),
        ...common,
      ];
  }
}

export const defaultLotOf = (m: MaterialId): string =>
  ({ PP: 'L-PP-2411-017', ABS: 'L-ABS-2411-019', PA6: 'L-PA6-2411-009' })[m];

export const productOf = (m: MaterialId): Product => PRODUCTS[m];

/**
 * The ERP of a fresh lab for a station moulding `material`: the active manufacturing order (whose job the
 * machine is running at start), a planned one for another customer, and the stock.
 */
export function seedErp(material: MaterialId, currentLot: string): ErpState {
  const p = PRODUCTS[material];
  const mbLot = { PP: 'MB-B-0088', ABS: 'MB-G-0112', PA6: 'MB-K-0061' }[material];
  const mo = (id: string, co: string, qty: number, dueAt: number, status: 'released' | 'planned') => ({
    id,
    customerOrder: co,
    product: p.id,
    qty,
    dueAt,
    status,
    bom: {
      resinLot: status === 'released' ? currentLot : null,
      masterbatchLot: mbLot,
      regrindPct: p.bom.regrindPct,
      packagingLot: 'PK-2411-08',
    },
    createdAt: -2 * DAY,
    releasedAt: status === 'released' ? -H : null,
    startedAt: null,
    completedAt: null,
    closedAt: null,
    produced: { shots: 0, good: 0, bad: 0, startup: 0, test: 0, scrapped: 0, boxes: 0 },
    consumption: {},
    comment: '',
  });
  return {
    seq: { co: 24018, mo: 24018, mv: 0 },
    customers: [
      { id: 'C-100', name: 'Lumière Habitat SAS', country: 'FR' },
      { id: 'C-200', name: 'Nordic Packaging AB', country: 'SE' },
      { id: 'C-300', name: 'AutoClip GmbH', country: 'DE' },
    ],
    suppliers: [
      { id: 'S-10', name: 'Polyrec France', kind: 'recycler', certification: 'EuCertPlast' },
      { id: 'S-11', name: 'Ecoplast Recycling BV', kind: 'recycler', certification: 'RecyClass' },
      { id: 'S-12', name: 'Nylon Loop SpA', kind: 'recycler', certification: 'ISCC PLUS' },
      { id: 'S-20', name: 'EuroPolymers NV', kind: 'producer', certification: null },
      { id: 'S-30', name: 'ColorTech Masterbatch', kind: 'masterbatch', certification: null },
      { id: 'S-40', name: 'CartonPack', kind: 'packaging', certification: null },
      { id: 'S-INT', name: 'Atelier injection (interne)', kind: 'internal', certification: null },
    ],
    items: structuredClone(ITEMS),
    // the station's product first (its mould is mounted), then the other reference products
    products: [p, ...Object.values(PRODUCTS).filter((x) => x.id !== p.id)].map((x) => structuredClone(x)),
    lots: lotsFor(material, currentLot),
    customerOrders: [
      {
        id: 'CO-24017',
        customer: 'C-100',
        product: p.id,
        qty: 2400,
        dueAt: 8 * H,
        status: 'open',
        orders: ['MO-24017'],
      },
      {
        id: 'CO-24018',
        customer: 'C-200',
        product: p.id,
        qty: 5000,
        dueAt: 2 * DAY,
        status: 'open',
        orders: ['MO-24018'],
      },
    ],
    orders: [
      mo('MO-24017', 'CO-24017', 2400, 8 * H, 'released'),
      mo('MO-24018', 'CO-24018', 5000, 2 * DAY, 'planned'),
    ],
    movements: [],
    movementsDropped: 0,
  };
}
