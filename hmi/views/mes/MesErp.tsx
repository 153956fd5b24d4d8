/**
 * ERP (light): customer and manufacturing orders with their bill of materials (resin lot, masterbatch,
 * regrind share, packaging), progress and material consumed by lot; material lots with supplier,
 * recycled-content certificate and certificate of analysis (MFI against the grade's specification), stock
 * on hand; stock movements (receipts, consumption booked from production, regrind returns); the products'
 * BOM; and the loading of a new material lot at the machine (`mes.lot_change`).
 */
import { useState } from 'preact/hooks';
import { t } from '../../src/i18n.ts';
import { erp } from '../../src/mes/api.ts';
import { code, num, tr, when } from '../../src/mes/format.ts';
import {
  Badge,
  Bar,
  LevelNote,
  LoadState,
  OutcomeText,
  Section,
  useAct,
  useLoad,
  useNeedsTechnician,
} from '../../src/mes/ui.tsx';

function Orders() {
  const l = useLoad(() => erp.orders(), [], { live: true });
  const o = l.data;
  return (
    <Section id="erp-orders-title" title={t('mes.erp.ordersTitle')} onRefresh={l.reload}>
      <LoadState l={l} />
      {o ? (
        <div class="table-wrap">
          <table id="erp-orders">
            <caption>{t('mes.erp.ordersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mes.erp.order')}</th>
                <th scope="col">{t('mes.erp.customer')}</th>
                <th scope="col">{t('mes.erp.product')}</th>
                <th scope="col" class="num">
                  {t('mes.erp.qty')}
                </th>
                <th scope="col">{t('mes.erp.due')}</th>
                <th scope="col">{t('mes.erp.status')}</th>
                <th scope="col">{t('mes.erp.progress')}</th>
                <th scope="col">{t('mes.erp.bom')}</th>
                <th scope="col">{t('mes.erp.consumption')}</th>
              </tr>
            </thead>
            <tbody>
              {o.orders.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.id}
                    <div class="hint">{m.customerOrder}</div>
                  </th>
                  <td>{m.customer?.name ?? '—'}</td>
                  <td>{m.product}</td>
                  <td class="num">{num(m.qty)}</td>
                  <td>
                    {when(m.dueAtIso, true)}
                    {m.late ? (
                      <>
                        {' '}
                        <Badge tone="warn">{t('mes.erp.late')}</Badge>
                      </>
                    ) : null}
                  </td>
                  <td>{code('mes.orderStatus', m.status)}</td>
                  <td>
                    <Bar value={m.goodNet} max={m.qty} text={`${num(m.progressPct, 1)} %`} />
                    <div class="hint">
                      {t('mes.erp.produced', {
                        good: num(m.produced.good),
                        bad: num(m.produced.bad),
                        boxes: num(m.produced.boxes),
                      })}
                    </div>
                  </td>
                  <td>
                    <ul class="plain">
                      <li>
                        {t('mes.erp.resinLot')} : {m.bom.resinLot ?? '—'}
                      </li>
                      <li>
                        {t('mes.erp.masterbatch')} : {m.bom.masterbatchLot ?? '—'}
                      </li>
                      <li>{t('mes.erp.regrind', { pct: num(m.bom.regrindPct, 1) })}</li>
                      <li>
                        {t('mes.erp.packaging')} : {m.bom.packagingLot ?? '—'}
                      </li>
                    </ul>
                  </td>
                  <td>
                    <ul class="plain">
                      {Object.entries(m.consumption).map(([lot, q]) => (
                        <li key={lot}>
                          {lot} : {num(q, 3)}
                        </li>
                      ))}
                    </ul>
                    <div class="hint">{t('mes.erp.materialKg', { kg: num(m.materialKg, 2) })}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Section>
  );
}

function Lots() {
  const l = useLoad(() => erp.lots(), [], { live: true });
  const [lot, setLot] = useState('');
  const mv = useLoad(() => (lot ? erp.movements(lot) : Promise.resolve(null)), [lot]);
  return (
    <Section id="erp-lots-title" title={t('mes.erp.lotsTitle')} onRefresh={l.reload}>
      <LoadState l={l} />
      {l.data ? (
        <div class="table-wrap">
          <table id="erp-lots">
            <caption>{t('mes.erp.lotsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mes.gen.lot')}</th>
                <th scope="col">{t('mes.erp.item')}</th>
                <th scope="col">{t('mes.erp.supplier')}</th>
                <th scope="col">{t('mes.erp.certificate')}</th>
                <th scope="col">{t('mes.erp.coa')}</th>
                <th scope="col" class="num">
                  {t('mes.erp.onHand')}
                </th>
                <th scope="col">{t('mes.erp.status')}</th>
                <th scope="col">{t('mes.erp.movements')}</th>
              </tr>
            </thead>
            <tbody>
              {l.data.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{x.id}</th>
                  <td>{tr(x.itemName, x.item)}</td>
                  <td>
                    {'name' in x.supplier ? x.supplier.name : x.supplier.id}
                    {'certification' in x.supplier && x.supplier.certification ? (
                      <div class="hint">{x.supplier.certification}</div>
                    ) : null}
                  </td>
                  <td>
                    {x.certificate
                      ? `${x.certificate.scheme} ${x.certificate.id} — ${t('mes.erp.recycledPct', { pct: num(x.certificate.recycledPct) })}`
                      : '—'}
                  </td>
                  <td>
                    {x.coa?.mfi !== null && x.coa?.mfi !== undefined ? (
                      <>
                        {t('mes.erp.mfi')} {num(x.coa.mfi, 1)}
                        {x.mfiSpec ? ` (${num(x.mfiSpec.min, 1)}–${num(x.mfiSpec.max, 1)})` : ''}{' '}
                        {x.coaInSpec === false ? (
                          <Badge tone="alarm">{t('mes.erp.outOfSpec')}</Badge>
                        ) : x.coaInSpec ? (
                          <Badge tone="ok">{t('mes.erp.inSpec')}</Badge>
                        ) : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td class="num">{num(x.onHand, 1)}</td>
                  <td>
                    {code('mes.lotStatus', x.status)}
                    {x.statusReason ? <div class="hint">{x.statusReason}</div> : null}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      aria-pressed={lot === x.id}
                      onClick={() => setLot(lot === x.id ? '' : x.id)}
                    >
                      {t('mes.erp.showMovements')}
                      <span class="sr-only"> {x.id}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {lot && mv.data ? (
        <div class="table-wrap">
          <table id="erp-movements">
            <caption>{t('mes.erp.movementsCaption', { lot })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mes.quality.when')}</th>
                <th scope="col">{t('mes.erp.kind')}</th>
                <th scope="col" class="num">
                  {t('mes.erp.qty')}
                </th>
                <th scope="col">{t('mes.erp.order')}</th>
                <th scope="col">{t('mes.erp.shots')}</th>
              </tr>
            </thead>
            <tbody>
              {mv.data.movements.map((m) => (
                <tr key={m.seq}>
                  <td>{when(m.at, true)}</td>
                  <td>{code('mes.movement', m.kind)}</td>
                  <td class="num">{num(m.qty, 3)}</td>
                  <td>{m.order || '—'}</td>
                  <td>{m.shotFrom !== null ? `${m.shotFrom} → ${m.shotTo ?? '…'}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Section>
  );
}

function Products() {
  const l = useLoad(() => erp.products(), []);
  return (
    <Section id="erp-products-title" title={t('mes.erp.productsTitle')}>
      <LoadState l={l} />
      {l.data ? (
        <div class="table-wrap">
          <table>
            <caption>{t('mes.erp.productsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mes.erp.product')}</th>
                <th scope="col">{t('mes.erp.mould')}</th>
                <th scope="col">{t('mes.erp.weightTol')}</th>
                <th scope="col">{t('mes.erp.dimTol')}</th>
                <th scope="col" class="num">
                  {t('mes.erp.refCycle')}
                </th>
                <th scope="col">{t('mes.erp.bom')}</th>
              </tr>
            </thead>
            <tbody>
              {l.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    {p.id}
                    <div class="hint">{tr(p.name)}</div>
                  </th>
                  <td>
                    {p.mouldId} ({t('mes.order.cavities', { n: p.cavities })})
                  </td>
                  <td>
                    {num(p.weight.nominal, 2)} ± {num(p.weight.tol, 2)} g
                  </td>
                  <td>
                    {num(p.keyDim.nominal, 2)} ± {num(p.keyDim.tol, 2)} mm
                  </td>
                  <td class="num">{num(p.refCycleS, 1)} s</td>
                  <td>
                    {t('mes.erp.bomText', {
                      resin: p.bom.resinItem,
                      mb: p.bom.masterbatchItem ?? '—',
                      mbPct: num(p.bom.masterbatchPct, 1),
                      rg: num(p.bom.regrindPct, 1),
                      rgMax: num(p.bom.regrindMaxPct, 1),
                      pack: p.bom.packagingItem ?? '—',
                      box: p.boxParts,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Section>
  );
}

function LotChange() {
  const lots = useLoad(() => erp.lots(), []);
  const [lot, setLot] = useState('');
  const a = useAct();
  const needs = useNeedsTechnician('mes.lot_change');
  const choices = (lots.data ?? []).filter(
    (l) => l.kind === 'resin' && l.status !== 'blocked' && l.status !== 'consumed',
  );
  return (
    <Section id="erp-lotchange-title" title={t('mes.erp.lotChangeTitle')}>
      <form
        class="mes-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!lot) return;
          const r = await a.run('mes.lot_change', { lot }, t('mes.erp.lotChanged', { lot }));
          if (r.ok) lots.reload();
        }}
      >
        <div class="row">
          <div class="field">
            <label for="lc-lot">{t('mes.erp.newLot')}</label>
            <select id="lc-lot" value={lot} onChange={(e) => setLot(e.currentTarget.value)}>
              <option value="">—</option>
              {choices.map((l) => (
                <option value={l.id} key={l.id}>
                  {l.id} — {'name' in l.supplier ? l.supplier.name : ''} ({code('mes.lotStatus', l.status)})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={needs || a.busy || !lot}>
            {t('mes.erp.loadLot')}
          </button>
          <LevelNote action="mes.lot_change" />
        </div>
        <OutcomeText o={a.outcome} />
      </form>
    </Section>
  );
}

export function MesErpTab() {
  return (
    <>
      <Orders />
      <Lots />
      <LotChange />
      <Products />
    </>
  );
}
