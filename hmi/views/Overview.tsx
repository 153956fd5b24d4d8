/**
 * Overview: a 2D synoptic of the cell in the order the material flows (dryer → blender → machine → mould →
 * robot → vision → marking → conveyor), the peripherals beside it (TCUs, hot runner, energy, safety), with
 * live values, states, the stack light and the alarms of each equipment. Every card opens its faceplate.
 */
import type { WireSignalMeta } from '../../simulator/server/realtime/wire.ts';
import { StackLight } from '../src/components/StackLight.tsx';
import { Value } from '../src/components/Value.tsx';
import { loc, t } from '../src/i18n.ts';
import { alarms, keys } from '../src/live.ts';
import { byFlow, equipmentLabel, type Kind, kindOf } from '../src/model/equipment.ts';
import { headline } from '../src/model/layout.ts';
import { Link } from '../src/router.tsx';

const FLOW: Kind[] = ['dryer', 'blender', 'hopper', 'imm', 'mould', 'robot', 'vision', 'laser', 'conveyor'];

function Card({ eq, metas }: { eq: string; metas: WireSignalMeta[] }) {
  const kind = kindOf(eq);
  const shown = headline(metas, kind === 'imm' ? 6 : 4);
  const mine = alarms.value.filter((a) => a.equipment === eq);
  return (
    <li class={`eq eq-${kind}${mine.length ? ' has-alarm' : ''}`}>
      <h3>
        <Link href={`/faceplates/${encodeURIComponent(eq)}`}>{equipmentLabel(eq)}</Link>
      </h3>
      <dl>
        {shown.map((m) => (
          <div class="kv" key={m.key}>
            <dt>{loc(m.label)}</dt>
            <dd>
              <Value meta={m} />
            </dd>
          </div>
        ))}
      </dl>
      {mine.length ? (
        <p class="eq-alarm">
          <span aria-hidden="true">▲</span> {t('overview.alarms', { n: mine.length })}
        </p>
      ) : null}
    </li>
  );
}

export function OverviewView() {
  const by = new Map<string, WireSignalMeta[]>();
  for (const m of keys.value) {
    const l = by.get(m.equipment) ?? [];
    l.push(m);
    by.set(m.equipment, l);
  }
  const eqs = [...by.keys()].sort(byFlow);
  const flow = eqs.filter((e) => FLOW.includes(kindOf(e)));
  const side = eqs.filter((e) => !FLOW.includes(kindOf(e)));
  return (
    <>
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('overview.title')}
        </h1>
        <StackLight />
      </div>
      {eqs.length === 0 ? <p>{t('common.waiting')}</p> : null}
      <section aria-labelledby="flow-title">
        <h2 id="flow-title">{t('overview.flow')}</h2>
        <ol class="synoptic flow">
          {flow.map((eq) => (
            <Card eq={eq} metas={by.get(eq)!} key={eq} />
          ))}
        </ol>
      </section>
      {side.length ? (
        <section aria-labelledby="side-title">
          <h2 id="side-title">{t('overview.peripherals')}</h2>
          <ul class="synoptic">
            {side.map((eq) => (
              <Card eq={eq} metas={by.get(eq)!} key={eq} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
