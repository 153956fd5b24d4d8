/** The station a per-station screen works on (shared by the screens, kept in the address as `?station=`). */
import { useEffect } from 'preact/hooks';
import { navigate, path, query } from '../../src/router.tsx';
import { selected, stationIds } from '../store.ts';

export function StationPicker({ id, label }: { id: string; label: string }) {
  const ids = stationIds();
  const fromUrl = query.value.get('station');
  useEffect(() => {
    if (fromUrl && fromUrl !== selected.value) selected.value = fromUrl;
  }, [fromUrl]);
  const value = selected.value || ids[0] || '';
  return (
    <div class="field inline-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          selected.value = e.currentTarget.value;
          navigate(`${path.value}?station=${encodeURIComponent(e.currentTarget.value)}`, true);
        }}
      >
        {ids.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </div>
  );
}
