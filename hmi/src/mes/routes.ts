/**
 * Routes of the MES, SPC and GMAO screens for the application shell: `/mes/<tab>`, `/spc`,
 * `/gmao/<tab>`. The journaled view names the tab (`{ screen: 'mes', target: 'oee' }`); the SPC screen
 * journals each chart it shows itself (`{ screen: 'spc', target: 'weight.1:xbar_r' }`).
 */
export const MES_TABS = ['order', 'oee', 'downtime', 'quality', 'genealogy', 'erp'] as const;
export const GMAO_TABS = ['work-orders', 'plans', 'reliability'] as const;
export type MesTab = (typeof MES_TABS)[number];
export type GmaoTab = (typeof GMAO_TABS)[number];

export const MES_ROUTES = [
  { screen: 'spc', path: '/spc', nav: 'spc.nav' },
  { screen: 'mes', path: '/mes', nav: 'mes.nav' },
  { screen: 'gmao', path: '/gmao', nav: 'gmao.nav' },
] as const;

const tabOf = <T extends string>(tabs: readonly T[], p: string): T => {
  const s = decodeURIComponent(p.split('/')[2] ?? '');
  return (tabs as readonly string[]).includes(s) ? (s as T) : tabs[0]!;
};
export const mesTab = (p: string): MesTab => tabOf(MES_TABS, p);
export const gmaoTab = (p: string): GmaoTab => tabOf(GMAO_TABS, p);

/** The `target` of the journaled view of a path of these screens (undefined for other screens). */
export function mesViewTarget(screen: string, p: string): string | undefined {
  if (screen === 'mes') return mesTab(p);
  if (screen === 'gmao') return gmaoTab(p);
  return undefined;
}
