/**
 * GMAO — preventive plans with their counter (shots or operating hours), interval, use, remaining and
 * due/overdue status, the preventive work order each generated, and the equipment counters.
 */
import { t } from '../../src/i18n.ts';
import { gmao } from '../../src/mes/api.ts';
import { code, num, tr } from '../../src/mes/format.ts';
import { Badge, Bar, LoadState, Section, type Tone, useLoad } from '../../src/mes/ui.tsx';
import { Link } from '../../src/router.tsx';

export const planTone = (s: string): Tone =>
  s === 'overdue' ? 'alarm' : s === 'due' ? 'warn' : s === 'due_soon' ? 'info' : 'ok';

export function GmaoPlansTab() {
  const plans = useLoad(() => gmao.plans(), [], { live: true });
  const eq = useLoad(() => gmao.equipment(), [], { live: true });
  const p = plans.data ?? [];
  const due = p.filter((x) => x.status === 'due' || x.status === 'overdue').length;
  return (
    <>
      <Section id="gmao-plans-title" title={t('gmao.plansTitle')} onRefresh={plans.reload}>
        <LoadState l={plans} />
        {p.length ? (
          <>
            <p>{t('gmao.plansSummary', { n: p.length, due })}</p>
            <div class="table-wrap">
              <table id="gmao-plans">
                <caption>{t('gmao.plansCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gmao.plan')}</th>
                    <th scope="col">{t('gmao.equipment')}</th>
                    <th scope="col">{t('gmao.counter')}</th>
                    <th scope="col" class="num">
                      {t('gmao.interval')}
                    </th>
                    <th scope="col">{t('gmao.used')}</th>
                    <th scope="col" class="num">
                      {t('gmao.remaining')}
                    </th>
                    <th scope="col">{t('gmao.statusCol')}</th>
                    <th scope="col">{t('gmao.workOrder')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.map((x) => (
                    <tr key={x.id}>
                      <th scope="row">
                        {tr(x.title, x.id)}
                        <div class="hint">{x.id}</div>
                      </th>
                      <td>{x.equipment}</td>
                      <td>{t(`gmao.counterKind.${x.counter}`)}</td>
                      <td class="num">{num(x.interval)}</td>
                      <td>
                        <Bar value={Math.min(x.pct, 1.5)} max={1.5} text={`${num(100 * x.pct, 1)} %`} />
                      </td>
                      <td class="num">{num(x.remaining)}</td>
                      <td>
                        <Badge tone={planTone(x.status)}>{code('gmao.planStatus', x.status)}</Badge>
                      </td>
                      <td>
                        {x.openWo ? (
                          <Link href={`/gmao/work-orders?wo=${encodeURIComponent(x.openWo)}`}>
                            {x.openWo}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </Section>
      <Section id="gmao-eq-title" title={t('gmao.counters')}>
        <LoadState l={eq} />
        {eq.data ? (
          <div class="table-wrap">
            <table>
              <caption>{t('gmao.countersCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gmao.equipment')}</th>
                  <th scope="col" class="num">
                    {t('gmao.shots')}
                  </th>
                  <th scope="col" class="num">
                    {t('gmao.hoursCounter')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {eq.data.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">
                      {tr(e.name, e.id)} <code class="key">{e.id}</code>
                    </th>
                    <td class="num">{num(e.shots)}</td>
                    <td class="num">{num(e.hours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
    </>
  );
}
