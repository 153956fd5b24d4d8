/**
 * The MES screen (issue 6 "MES: order, counts, OEE, downtime entry, quarantine decision"; issue 9): one
 * heading and a tab per sub-screen, each its own route (`/mes/<tab>`) so the shell journals which one the
 * candidate looked at. A station without an MES says so instead of failing.
 */
import { t } from '../../src/i18n.ts';
import { MES_TABS, type MesTab } from '../../src/mes/routes.ts';
import { Tabs } from '../../src/mes/ui.tsx';
import { MesDowntimeTab } from './MesDowntime.tsx';
import { MesErpTab } from './MesErp.tsx';
import { MesGenealogyTab } from './MesGenealogy.tsx';
import { MesOeeTab } from './MesOee.tsx';
import { MesOrderTab } from './MesOrder.tsx';
import { MesQualityTab } from './MesQuality.tsx';

function Tab({ tab }: { tab: MesTab }) {
  switch (tab) {
    case 'oee':
      return <MesOeeTab />;
    case 'downtime':
      return <MesDowntimeTab />;
    case 'quality':
      return <MesQualityTab />;
    case 'genealogy':
      return <MesGenealogyTab />;
    case 'erp':
      return <MesErpTab />;
    default:
      return <MesOrderTab />;
  }
}

export function MesView({ tab }: { tab: MesTab }) {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('mes.title')} — {t(`mes.tab.${tab}`)}
      </h1>
      <Tabs
        label={t('mes.tabs')}
        base="/mes"
        current={tab}
        tabs={MES_TABS.map((id) => ({ id, label: t(`mes.tab.${id}`) }))}
      />
      <Tab tab={tab} key={tab} />
    </>
  );
}
