/** A live value with its unit and, when not Good, its quality in words and with an icon (never colour alone). */
import type { WireSignalMeta } from '../../../simulator/server/realtime/wire.ts';
import { formatValue, qualityText } from '../format.ts';
import { liveValue } from '../live.ts';

export function Value({ meta, unit = true }: { meta: WireSignalMeta; unit?: boolean }) {
  const s = liveValue(meta.key).value;
  const bad = s.q !== 0;
  return (
    <span class={`value${bad ? ` q${s.q}` : ''}`} data-key={meta.key}>
      <span class="num">{formatValue(meta, s.v)}</span>
      {unit && meta.unit && meta.type !== 'enum' && meta.type !== 'bool' ? (
        <span class="unit"> {meta.unit}</span>
      ) : null}
      {bad ? (
        <span class="quality" title={qualityText(s.q)}>
          {' '}
          <span aria-hidden="true">{s.q === 1 ? '◐' : '⊘'}</span> {qualityText(s.q)}
        </span>
      ) : null}
    </span>
  );
}

/** An output (0–100 %) as a bar with its number: the number carries the information, the bar helps. */
export function Meter({ meta }: { meta: WireSignalMeta }) {
  const s = liveValue(meta.key).value;
  const v = typeof s.v === 'number' ? s.v : 0;
  const max = meta.range?.max ?? 100;
  const min = meta.range?.min ?? 0;
  const pct = Math.max(0, Math.min(100, ((v - min) / (max - min || 1)) * 100));
  return (
    <span class="meter">
      <span class="bar" aria-hidden="true">
        <span class="fill" style={{ width: `${pct}%` }} />
      </span>
      <Value meta={meta} />
    </span>
  );
}
