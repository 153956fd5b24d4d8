/**
 * Live fault injection (trainers only; the fault engine's trainer routes): the catalogue F01–F25 with its
 * components and variants, the severity within its range, the onset profile (step, ramp over a duration,
 * intermittent on/off), now or after a delay; the active and scheduled faults of the station, each
 * removable. Every action is a journaled trainer command on the server.
 */
import { useEffect, useState } from 'preact/hooks';
import { announce } from '../../src/components/Announcer.tsx';
import { fmtNum, fmtTime, loc, parseNum } from '../../src/i18n.ts';
import {
  type CatalogueFault,
  clearFault,
  type FaultInstance,
  getCatalogue,
  getFaults,
  injectFault,
  scheduleFault,
} from '../api.ts';
import { tt } from '../i18n.ts';
import { labInfo, refreshStatus, selected, stationIds } from '../store.ts';
import { StationPicker } from './StationPicker.tsx';

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));
type ProfileKind = 'step' | 'ramp' | 'intermittent';

function ActiveFaults({
  station,
  list,
  onChange,
}: {
  station: string;
  list: FaultInstance[];
  onChange: () => void;
}) {
  const epoch = labInfo.value?.lab.epoch_ms ?? 0;
  if (!list.length) return <p>{tt('faults.none')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{tt('faults.active', { station })}</caption>
        <thead>
          <tr>
            <th scope="col">{tt('faults.id')}</th>
            <th scope="col">{tt('faults.fault')}</th>
            <th scope="col">{tt('faults.component')}</th>
            <th scope="col">{tt('faults.state')}</th>
            <th scope="col">{tt('faults.onset')}</th>
            <th scope="col">{tt('faults.level')}</th>
            <th scope="col">{tt('faults.source')}</th>
            <th scope="col">
              <span class="sr-only">{tt('faults.clear')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((f) => (
            <tr key={f.id}>
              <th scope="row">{f.id}</th>
              <td>
                {f.fault} {loc(f.name)}
              </td>
              <td>
                <code>{f.component}</code> {f.variant}
              </td>
              <td>
                <span aria-hidden="true">{f.state === 'active' ? '●' : '◌'}</span>{' '}
                {tt(`faults.states.${f.state}`)}
              </td>
              <td>{fmtTime(epoch + f.onset_t)}</td>
              <td class="num">{fmtNum(f.level, 2)}</td>
              <td>{tt(`faults.sources.${f.source}`)}</td>
              <td>
                <button
                  type="button"
                  class="small"
                  aria-label={tt('faults.clearNamed', { id: f.id })}
                  onClick={async () => {
                    try {
                      await clearFault(station, f.id);
                      announce(tt('faults.cleared', { id: f.id }));
                    } catch (e) {
                      announce(tt('faults.refused', { message: errText(e) }), true);
                    }
                    onChange();
                  }}
                >
                  {tt('faults.clear')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FaultsView() {
  const ids = stationIds();
  const station = selected.value || ids[0] || '';
  const [cat, setCat] = useState<CatalogueFault[]>([]);
  const [list, setList] = useState<FaultInstance[]>([]);
  const [faultId, setFaultId] = useState('F01');
  const [component, setComponent] = useState('');
  const [variant, setVariant] = useState('');
  const [severity, setSeverity] = useState('1');
  const [kind, setKind] = useState<ProfileKind>('step');
  const [rampMin, setRampMin] = useState('5');
  const [onS, setOnS] = useState('30');
  const [offS, setOffS] = useState('60');
  const [delay, setDelay] = useState('5');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [err, setErr] = useState('');

  const reload = () => {
    if (!station) return;
    getFaults(station)
      .then((l) => setList(l))
      .catch((e) => setErr(errText(e)));
  };
  useEffect(() => {
    getCatalogue()
      .then(setCat)
      .catch((e) => setErr(errText(e)));
  }, []);
  useEffect(() => {
    reload();
    const h = setInterval(reload, 2000);
    return () => clearInterval(h);
  }, [station]);

  const def = cat.find((f) => f.id === faultId);
  const components = def
    ? def.components.filter((c) => !variant || !c.variants || c.variants.includes(variant))
    : [];
  const sev = parseNum(severity);
  const sevOk = !!def && Number.isFinite(sev) && sev >= def.severity.min && sev <= def.severity.max;

  const body = (): Record<string, unknown> => {
    const profile =
      kind === 'step'
        ? { kind: 'step' }
        : kind === 'ramp'
          ? { kind: 'ramp', duration_s: Math.max(1, Math.round(parseNum(rampMin) * 60)) }
          : { kind: 'intermittent', on_s: Math.max(1, parseNum(onS)), off_s: Math.max(1, parseNum(offS)) };
    return {
      fault: faultId,
      ...(component ? { component } : {}),
      ...(variant ? { variant } : {}),
      severity: sev,
      profile,
    };
  };
  const submit = async (later: boolean) => {
    setMsg(null);
    try {
      const r = later
        ? await scheduleFault(station, { ...body(), in_s: Math.max(0, Math.round(parseNum(delay) * 60)) })
        : await injectFault(station, body());
      const text = tt(later ? 'faults.scheduled' : 'faults.injected', { fault: r.fault, station, id: r.id });
      setMsg({ ok: true, text });
      announce(text);
      reload();
      void refreshStatus();
    } catch (e) {
      setMsg({ ok: false, text: tt('faults.refused', { message: errText(e) }) });
    }
  };

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tt('faults.title')}
      </h1>
      {err ? (
        <p class="error" role="alert">
          {tt('common.error', { message: err })}
        </p>
      ) : null}
      <StationPicker id="faults-station" label={tt('faults.station')} />
      <form
        class="fault-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <div class="field">
          <label for="fault">{tt('faults.fault')}</label>
          <select
            id="fault"
            value={faultId}
            onChange={(e) => {
              setFaultId(e.currentTarget.value);
              setComponent('');
              setVariant('');
              const d = cat.find((f) => f.id === e.currentTarget.value);
              if (d) setSeverity(String(d.severity.default));
            }}
          >
            {cat.map((f) => (
              <option key={f.id} value={f.id}>
                {f.id} — {loc(f.name)}
              </option>
            ))}
          </select>
          {def ? (
            <span class="hint">
              {/* the catalogue's descriptions are written in English (domain-model §4) */}
              {tt('faults.leading', { text: '' })}
              <span lang="en">{def.leading}</span>. {tt('faults.time', { text: '' })}
              <span lang="en">{def.time.exam}</span>
            </span>
          ) : null}
        </div>
        <div class="row-fields">
          <div class="field">
            <label for="variant">{tt('faults.variant')}</label>
            <select id="variant" value={variant} onChange={(e) => setVariant(e.currentTarget.value)}>
              <option value="">
                {tt('faults.default')} {def?.default_variant ?? ''}
              </option>
              {def?.variants.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="component">{tt('faults.component')}</label>
            <select id="component" value={component} onChange={(e) => setComponent(e.currentTarget.value)}>
              <option value="">
                {tt('faults.default')} {def?.default_component ?? ''}
              </option>
              {components.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="severity">
              {tt('faults.severity')} {def ? `(${def.severity.min} – ${def.severity.max})` : ''}
            </label>
            <input
              id="severity"
              inputMode="decimal"
              value={severity}
              aria-invalid={!sevOk}
              onInput={(e) => setSeverity(e.currentTarget.value)}
            />
          </div>
        </div>
        <fieldset>
          <legend>{tt('faults.profile')}</legend>
          {(['step', 'ramp', 'intermittent'] as const).map((k) => (
            <div class="check" key={k}>
              <input
                id={`profile-${k}`}
                type="radio"
                name="profile"
                checked={kind === k}
                onChange={() => setKind(k)}
              />
              <label for={`profile-${k}`}>{tt(`faults.${k}`)}</label>
            </div>
          ))}
          {kind === 'ramp' ? (
            <div class="field">
              <label for="ramp-min">{tt('faults.rampMin')}</label>
              <input
                id="ramp-min"
                inputMode="decimal"
                value={rampMin}
                onInput={(e) => setRampMin(e.currentTarget.value)}
              />
            </div>
          ) : null}
          {kind === 'intermittent' ? (
            <div class="row-fields">
              <div class="field">
                <label for="on-s">{tt('faults.onS')}</label>
                <input
                  id="on-s"
                  inputMode="decimal"
                  value={onS}
                  onInput={(e) => setOnS(e.currentTarget.value)}
                />
              </div>
              <div class="field">
                <label for="off-s">{tt('faults.offS')}</label>
                <input
                  id="off-s"
                  inputMode="decimal"
                  value={offS}
                  onInput={(e) => setOffS(e.currentTarget.value)}
                />
              </div>
            </div>
          ) : null}
        </fieldset>
        <div class="buttons">
          <button type="submit" class="primary" disabled={!sevOk || !station}>
            {tt('faults.inject')}
          </button>
          <span class="field inline">
            <label for="delay">{tt('faults.later')}</label>
            <input
              id="delay"
              inputMode="decimal"
              size={4}
              value={delay}
              onInput={(e) => setDelay(e.currentTarget.value)}
            />
          </span>
          <button type="button" disabled={!sevOk || !station} onClick={() => void submit(true)}>
            {tt('faults.schedule')}
          </button>
        </div>
        {msg ? (
          <p class={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            <span aria-hidden="true">{msg.ok ? '✓' : '✗'}</span> {msg.text}
          </p>
        ) : null}
      </form>
      <h2>{tt('faults.active', { station })}</h2>
      <ActiveFaults station={station} list={list} onChange={reload} />
      {ids.length === 0 ? <p>{tt('common.loading')}</p> : null}
    </>
  );
}
