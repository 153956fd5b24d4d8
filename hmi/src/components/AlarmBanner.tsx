/** The alarms banner under the header: how many alarms are active and unacknowledged, the most recent one. */
import { loc, t } from '../i18n.ts';
import { alarms } from '../live.ts';
import { equipmentLabel } from '../model/equipment.ts';
import { Link } from '../router.tsx';

const ICON: Record<string, string> = { critical: '◆', alarm: '■', warning: '▲', info: 'ℹ' };

export function AlarmBanner() {
  const list = alarms.value;
  const active = list.filter((a) => a.active);
  const unacked = list.filter((a) => !a.acked);
  if (list.length === 0) {
    return (
      <div class="banner ok" role="status">
        <span aria-hidden="true">●</span> {t('banner.none')}
      </div>
    );
  }
  const last = [...list].sort((a, b) => b.raisedAt - a.raisedAt)[0]!;
  return (
    <div
      class={`banner ${active.some((a) => a.severity !== 'info' && a.severity !== 'warning') ? 'alarm' : 'warn'}`}
      role="status"
    >
      <span aria-hidden="true">{ICON[last.severity]}</span>{' '}
      <strong>{t('banner.count', { active: active.length, unacked: unacked.length })}</strong>{' '}
      <span class="last">
        {t(`severity.${last.severity}`)} — {equipmentLabel(last.equipment)} {last.code} : {loc(last.text)}
      </span>{' '}
      <Link href="/alarms">{t('banner.open')}</Link>
    </div>
  );
}
