/**
 * The GMAO (CMMS) screen (issue 6 "GMAO: open and follow a work order"; issue 9): work orders, preventive
 * plans, reliability and predictive indicators, each its own route (`/gmao/<tab>`).
 */
import { t } from '../../src/i18n.ts';
import { GMAO_TABS, type GmaoTab } from '../../src/mes/routes.ts';
import { Tabs } from '../../src/mes/ui.tsx';
import { GmaoPlansTab } from './GmaoPlans.tsx';
import { GmaoReliabilityTab } from './GmaoReliability.tsx';
import { GmaoWorkOrdersTab } from './GmaoWorkOrders.tsx';

export function GmaoView({ tab }: { tab: GmaoTab }) {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('gmao.title')} — {t(`gmao.tab.${tab}`)}
      </h1>
      <Tabs
        label={t('gmao.tabs')}
        base="/gmao"
        current={tab}
        tabs={GMAO_TABS.map((id) => ({ id, label: t(`gmao.tab.${id}`) }))}
      />
      {tab === 'plans' ? (
        <GmaoPlansTab key={tab} />
      ) : tab === 'reliability' ? (
        <GmaoReliabilityTab key={tab} />
      ) : (
        <GmaoWorkOrdersTab key={tab} />
      )}
    </>
  );
}
