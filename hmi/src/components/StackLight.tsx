/**
 * The cell's stack light: from a model signal when the cell has one (an enum named like `stack_light`),
 * otherwise from the alarms (red: an active alarm or critical one; amber: an active warning or an
 * unacknowledged alarm; green: none). Each lamp has a text and a distinct shape, never colour alone.
 */
import type { WireAlarm } from '../../../simulator/server/realtime/wire.ts';
import { t } from '../i18n.ts';
import { alarms, keys, liveValue } from '../live.ts';

export type Light = 'red' | 'amber' | 'green';

export function lightOf(list: readonly WireAlarm[]): Light {
  if (list.some((a) => a.active && (a.severity === 'alarm' || a.severity === 'critical'))) return 'red';
  if (list.some((a) => (a.active && a.severity === 'warning') || !a.acked)) return 'amber';
  return 'green';
}

function fromSignal(): Light | undefined {
  const m = keys.value.find((k) => /stack_?light|beacon/.test(k.key) && k.type === 'enum');
  if (!m) return undefined;
  const v = liveValue(m.key).value.v;
  const name = (typeof v === 'number' ? m.enumValues?.[v] : String(v))?.toLowerCase() ?? '';
  if (/red|rouge|fault|alarm/.test(name)) return 'red';
  if (/amber|yellow|orange|jaune|warn/.test(name)) return 'amber';
  return 'green';
}

const SHAPE: Record<Light, string> = { red: '■', amber: '▲', green: '●' };

export function StackLight({ compact = false }: { compact?: boolean }) {
  const light = fromSignal() ?? lightOf(alarms.value);
  const text = t(`stack.${light}`);
  return (
    <div class={`stack ${compact ? 'compact' : ''}`} role="img" aria-label={`${t('stack.title')} : ${text}`}>
      {!compact ? (
        <div class="lamps" aria-hidden="true">
          {(['red', 'amber', 'green'] as const).map((l) => (
            <span class={`lamp ${l}${l === light ? ' on' : ''}`}>{l === light ? SHAPE[l] : ''}</span>
          ))}
        </div>
      ) : null}
      <span class={`stack-text ${light}`} aria-hidden="true">
        <span>{SHAPE[light]}</span> {text}
      </span>
    </div>
  );
}
