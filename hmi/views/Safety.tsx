/**
 * Safety gestures (domain-model §5.2): built from the station's actions (`GET /api/stations/:id/actions`:
 * name, label, group, argument schema), arranged as guided sequences — controlled stop, lockout/tagout
 * apply and remove, purge, robot cell entry, restart — and the other gestures by group (PPE, maintenance,
 * quality, cyber…). The simulator enforces every precondition; a refused step shows the reason it gave.
 * Each gesture is a command: journaled with the candidate's identity.
 */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { type ActionInfo, getActions } from '../src/api.ts';
import { announce } from '../src/components/Announcer.tsx';
import { Dialog } from '../src/components/Dialog.tsx';
import { type Args, hasFields, SchemaForm } from '../src/components/SchemaForm.tsx';
import { Value } from '../src/components/Value.tsx';
import { enumLabel } from '../src/format.ts';
import { fmtTime, loc, t } from '../src/i18n.ts';
import { commandId, keys, resyncs, send } from '../src/live.ts';
import { HIDDEN_GROUPS, PROCEDURES, type Procedure } from '../src/model/procedures.ts';
import { session } from '../src/session.ts';

interface Outcome {
  readonly ok: boolean;
  readonly at: number;
  readonly message?: string;
  readonly result?: unknown;
}

const storeKey = () => `plastlab.gestures.${session.value?.station ?? ''}`;
const outcomes = signal<Record<string, Outcome>>(
  (() => {
    try {
      return JSON.parse(sessionStorage.getItem(storeKey()) ?? '{}') as Record<string, Outcome>;
    } catch {
      return {};
    }
  })(),
);
const setOutcome = (name: string, o: Outcome | undefined) => {
  const next = { ...outcomes.value };
  if (o) next[name] = o;
  else delete next[name];
  outcomes.value = next;
  sessionStorage.setItem(storeKey(), JSON.stringify(next));
};

const label = (a: ActionInfo) => loc(a.label, a.name);

function resultText(r: unknown): string {
  if (r === null || r === undefined) return '';
  if (typeof r !== 'object') return String(r);
  return Object.entries(r as Record<string, unknown>)
    .map(([k, v]) => `${enumLabel(k)} : ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

async function run(a: ActionInfo, args: Args): Promise<void> {
  const r = await send('command', { kind: 'action', action: a.name, args, id: commandId() });
  if (r.ok) {
    setOutcome(a.name, { ok: true, at: Date.now(), ...(r.result !== undefined ? { result: r.result } : {}) });
    announce(t('safety.done', { name: label(a) }));
  } else {
    const why = r.message || t(`error.${r.error}`);
    setOutcome(a.name, { ok: false, at: Date.now(), message: why });
    announce(`${t('common.refused')} ${why}`, true);
  }
}

function OutcomeText({ name }: { name: string }) {
  const o = outcomes.value[name];
  if (!o) {
    return (
      <span class="step-state todo" data-at="">
        <span aria-hidden="true">○</span> {t('safety.todo')}
      </span>
    );
  }
  return o.ok ? (
    <span class="step-state done" data-at={o.at}>
      <span aria-hidden="true">✓</span> {t('safety.doneAt', { time: fmtTime(o.at) })}
      {o.result !== undefined ? <span class="result"> — {resultText(o.result)}</span> : null}
    </span>
  ) : (
    <span class="step-state refused" role="alert" data-at={o.at}>
      <span aria-hidden="true">✗</span> {t('common.refused')} {o.message}
    </span>
  );
}

function ActionButton({
  a,
  onOpen,
  primary,
}: {
  a: ActionInfo;
  onOpen: (a: ActionInfo) => void;
  primary?: boolean;
}) {
  return (
    <button
      type="button"
      class={primary ? 'primary' : ''}
      onClick={() => (hasFields(a.args) ? onOpen(a) : void run(a, {}))}
    >
      {t('safety.perform')}
      <span class="sr-only"> : {label(a)}</span>
    </button>
  );
}

function ProcedureCard({
  p,
  actions,
  onOpen,
}: {
  p: Procedure;
  actions: ActionInfo[];
  onOpen: (a: ActionInfo) => void;
}) {
  const steps = p.steps.map((n) => actions.find((a) => a.name === n)).filter((a): a is ActionInfo => !!a);
  // a sequence whose only present steps also belong to other sequences (PPE, notify) is not offered
  const own = steps.some((s) => PROCEDURES.filter((q) => q.steps.includes(s.name)).length === 1);
  if (steps.length === 0 || (!own && steps.length < 2)) return null;
  const next = steps.find((s) => !outcomes.value[s.name]?.ok);
  return (
    <section class="procedure" aria-labelledby={`proc-${p.id}`}>
      <h3 id={`proc-${p.id}`}>{t(`procedure.${p.id}`)}</h3>
      <ol>
        {steps.map((a) => (
          <li key={a.name} class={a === next ? 'next' : ''}>
            <span class="step-name">
              {a === next ? (
                <span class="next-mark">
                  <span aria-hidden="true">▶</span> {t('safety.next')} :{' '}
                </span>
              ) : null}
              {label(a)}
            </span>{' '}
            <OutcomeText name={a.name} /> <ActionButton a={a} onOpen={onOpen} primary={a === next} />
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="small"
        onClick={() => {
          for (const s of steps) setOutcome(s.name, undefined);
        }}
      >
        {t('safety.reset')}
      </button>
    </section>
  );
}

export function SafetyView() {
  const [actions, setActions] = useState<ActionInfo[] | null>(null);
  const [err, setErr] = useState(false);
  const [open, setOpen] = useState<ActionInfo | null>(null);
  useEffect(() => {
    getActions()
      .then((a) => {
        setActions(a);
        setErr(false);
      })
      .catch(() => setErr(true));
  }, [resyncs.value]);
  const list = (actions ?? []).filter((a) => !HIDDEN_GROUPS.has(a.group ?? ''));
  const inProcedures = new Set(PROCEDURES.flatMap((p) => p.steps));
  const estop = list.find((a) => a.name === 'act.estop');
  const others = list.filter((a) => !inProcedures.has(a.name) && a.name !== 'act.estop');
  const groups = [...new Set(others.map((a) => a.group ?? 'other'))].sort();
  const states = keys.value.filter(
    (k) =>
      (k.kind === 'state' || k.type === 'bool') &&
      /safety|guard|loto|estop|e_stop|interlock|door|mode|ppe/.test(k.key),
  );
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('safety.title')}
      </h1>
      {estop ? (
        <button type="button" class="estop" onClick={() => void run(estop, {})}>
          <span aria-hidden="true">■</span> {label(estop)}
        </button>
      ) : null}
      {states.length ? (
        <section aria-labelledby="safety-state">
          <h2 id="safety-state">{t('safety.state')}</h2>
          <dl class="states">
            {states.map((m) => (
              <div class="kv" key={m.key}>
                <dt>{loc(m.label)}</dt>
                <dd>
                  <Value meta={m} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      {err ? <p class="error">{t('common.loadError')}</p> : null}
      {actions === null && !err ? <p>{t('common.loading')}</p> : null}
      <section aria-labelledby="procedures-title">
        <h2 id="procedures-title">{t('safety.procedures')}</h2>
        <p class="hint">{t('safety.procedureHint')}</p>
        <div class="procedures">
          {PROCEDURES.map((p) => (
            <ProcedureCard key={p.id} p={p} actions={list} onOpen={setOpen} />
          ))}
        </div>
      </section>
      {groups.length ? (
        <section aria-labelledby="gestures-title">
          <h2 id="gestures-title">{t('safety.others')}</h2>
          {groups.map((g) => (
            <section key={g} aria-labelledby={`grp-${g}`} class="group">
              <h3 id={`grp-${g}`}>{t(`group.${g}`) === `group.${g}` ? g : t(`group.${g}`)}</h3>
              <ul class="gestures">
                {others
                  .filter((a) => (a.group ?? 'other') === g)
                  .map((a) => (
                    <li key={a.name}>
                      <span class="step-name">{label(a)}</span> <OutcomeText name={a.name} />{' '}
                      <ActionButton a={a} onOpen={setOpen} />
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </section>
      ) : null}
      <Dialog open={!!open} title={open ? label(open) : ''} onClose={() => setOpen(null)}>
        {open ? (
          <SchemaForm
            key={open.name}
            id={`form-${open.name.replaceAll('.', '-')}`}
            schema={open.args}
            submitLabel={t('safety.perform')}
            onSubmit={async (args) => {
              const a = open;
              setOpen(null);
              await run(a, args);
            }}
          />
        ) : null}
        <button type="button" onClick={() => setOpen(null)}>
          {t('common.cancel')}
        </button>
      </Dialog>
    </>
  );
}
