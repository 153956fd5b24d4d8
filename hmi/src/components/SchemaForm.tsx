/**
 * A form generated from the JSON schema of an action's arguments (`GET /api/stations/:id/actions`), so
 * every gesture the simulator declares can be performed without screen code: booleans as check boxes,
 * enums as choices, arrays of enums as groups of check boxes, numbers with their limits, text. Anything
 * else is typed as JSON. The server validates again; its refusal is shown as it gives it.
 */
import { useState } from 'preact/hooks';
import type { JsonSchema } from '../api.ts';
import { enumLabel } from '../format.ts';
import { parseNum, t } from '../i18n.ts';

export type Args = Record<string, unknown>;

const typeOf = (s: JsonSchema): string =>
  Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? '') : (s.type ?? '');

/** Label of an argument name from the dictionaries, or the name in words. */
export function argLabel(name: string): string {
  const k = `args.${name}`;
  const s = t(k);
  return s === k ? name.replaceAll('_', ' ') : s;
}

export const hasFields = (schema: JsonSchema): boolean => Object.keys(schema.properties ?? {}).length > 0;

function initial(schema: JsonSchema): Args {
  const out: Args = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (p.default !== undefined) out[k] = p.default;
    else if (typeOf(p) === 'boolean') out[k] = false;
    else if (typeOf(p) === 'array') out[k] = [];
    else if (p.enum && (schema.required ?? []).includes(k)) out[k] = p.enum[0];
  }
  return out;
}

/** Turn the form's raw entries into arguments (numbers parsed in either locale, JSON parsed). */
function toArgs(schema: JsonSchema, raw: Args): Args | string {
  const out: Args = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    const v = raw[k];
    if (v === undefined || v === '') continue;
    const ty = typeOf(p);
    if ((ty === 'number' || ty === 'integer') && typeof v === 'string') out[k] = parseNum(v);
    else if (
      ty !== 'string' &&
      ty !== 'boolean' &&
      ty !== 'array' &&
      ty !== 'number' &&
      ty !== 'integer' &&
      !p.enum
    ) {
      try {
        out[k] = JSON.parse(String(v));
      } catch {
        return `${argLabel(k)}: ${t('form.badJson')}`;
      }
    } else out[k] = v;
  }
  return out;
}

export function SchemaForm(props: {
  id: string;
  schema: JsonSchema;
  submitLabel: string;
  disabled?: boolean;
  onSubmit: (args: Args) => void;
}) {
  const { schema, id } = props;
  const [raw, setRaw] = useState<Args>(() => initial(schema));
  const [err, setErr] = useState('');
  const set = (k: string, v: unknown) => setRaw({ ...raw, [k]: v });
  const req = new Set(schema.required ?? []);
  return (
    <form
      class="schema-form"
      onSubmit={(e) => {
        e.preventDefault();
        const a = toArgs(schema, raw);
        if (typeof a === 'string') setErr(a);
        else {
          setErr('');
          props.onSubmit(a);
        }
      }}
    >
      {Object.entries(schema.properties ?? {}).map(([k, p]) => {
        const fid = `${id}-${k}`;
        const ty = typeOf(p);
        const label = (
          <>
            {argLabel(k)}
            {req.has(k) ? <span class="req"> ({t('form.required')})</span> : null}
          </>
        );
        if (ty === 'boolean') {
          return (
            <div class="field check" key={k}>
              <input
                id={fid}
                type="checkbox"
                checked={raw[k] === true}
                onChange={(e) => set(k, e.currentTarget.checked)}
              />
              <label for={fid}>{label}</label>
            </div>
          );
        }
        if (ty === 'array' && p.items?.enum) {
          const sel = new Set((raw[k] as unknown[]) ?? []);
          return (
            <fieldset class="field" key={k}>
              <legend>{label}</legend>
              {p.items.enum.map((opt) => {
                const oid = `${fid}-${String(opt)}`;
                return (
                  <div class="check" key={String(opt)}>
                    <input
                      id={oid}
                      type="checkbox"
                      checked={sel.has(opt)}
                      onChange={(e) => {
                        const next = new Set(sel);
                        if (e.currentTarget.checked) next.add(opt);
                        else next.delete(opt);
                        set(
                          k,
                          p.items!.enum!.filter((x) => next.has(x)),
                        );
                      }}
                    />
                    <label for={oid}>{enumLabel(String(opt))}</label>
                  </div>
                );
              })}
            </fieldset>
          );
        }
        if (p.enum) {
          return (
            <div class="field" key={k}>
              <label for={fid}>{label}</label>
              <select
                id={fid}
                value={String(raw[k] ?? '')}
                onChange={(e) =>
                  set(
                    k,
                    p.enum!.find((x) => String(x) === e.currentTarget.value),
                  )
                }
              >
                {!req.has(k) ? <option value="">—</option> : null}
                {p.enum.map((opt) => (
                  <option value={String(opt)} key={String(opt)}>
                    {enumLabel(String(opt))}
                  </option>
                ))}
              </select>
            </div>
          );
        }
        if (ty === 'number' || ty === 'integer') {
          const lim = [p.minimum, p.maximum].some((x) => x !== undefined)
            ? ` (${p.minimum ?? '…'} – ${p.maximum ?? '…'})`
            : '';
          return (
            <div class="field" key={k}>
              <label for={fid}>
                {label}
                {lim}
              </label>
              <input
                id={fid}
                inputMode="decimal"
                value={String(raw[k] ?? '')}
                onInput={(e) => set(k, e.currentTarget.value)}
              />
            </div>
          );
        }
        if (ty === 'string') {
          return (
            <div class="field" key={k}>
              <label for={fid}>{label}</label>
              <input
                id={fid}
                value={String(raw[k] ?? '')}
                maxLength={p.maxLength ?? 500}
                required={req.has(k)}
                onInput={(e) => set(k, e.currentTarget.value)}
              />
            </div>
          );
        }
        return (
          <div class="field" key={k}>
            <label for={fid}>
              {label} <span class="hint">(JSON)</span>
            </label>
            <textarea
              id={fid}
              rows={2}
              value={String(raw[k] ?? '')}
              onInput={(e) => set(k, e.currentTarget.value)}
            />
          </div>
        );
      })}
      {err ? (
        <p class="error" role="alert">
          <span aria-hidden="true">✗</span> {err}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={props.disabled}>
        {props.submitLabel}
      </button>
    </form>
  );
}
