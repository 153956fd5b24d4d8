/**
 * A lab for the digital-twin tests (issue 7): the real cell (`createCellModels`) plus a canary model whose
 * trainer-only signals carry unique tokens, so a scan of everything the browser received can prove that
 * nothing trainer-only reached the twin. The models of each station stay reachable for fixtures (a
 * trainer-side condition such as a humid day and a cold mould), and the clock can be stepped by hand to
 * bring the station to a known cycle phase.
 */
import { createCellModels } from '../../simulator/cell/cell.ts';
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import type { SignalDefInput } from '../../simulator/kernel/signal-schema.ts';
import { type HmiLab, startHmiLab } from './hmi-lab.ts';

export const TWIN_CANARY = {
  text: 'CANARY-TWIN-TRAINER-3b9e',
  number: 314159.265,
} as const;

/** Trainer-only signals with canary values (what a fault state would look like if it leaked). */
export class TwinCanaryModel implements Model {
  readonly id = 'canary';
  private hText = 0;
  private hNum = 0;

  declare(): SignalDefInput[] {
    const hidden = { access: { read: ['trainer' as const] }, visibility: 'trainer' as const };
    return [
      { id: 'fault_note', label: { fr: 'Note', en: 'Note' }, type: 'string', kind: 'state', ...hidden },
      {
        id: 'fault_level',
        label: { fr: 'Niveau', en: 'Level' },
        type: 'float',
        kind: 'measurement',
        ...hidden,
      },
    ];
  }

  bind(ctx: BindContext): void {
    this.hText = ctx.handle('canary.fault_note');
    this.hNum = ctx.handle('canary.fault_level');
  }

  step(ctx: StepContext): void {
    ctx.store.setStr(this.hText, TWIN_CANARY.text);
    ctx.store.set(this.hNum, TWIN_CANARY.number + (ctx.tick % 2));
  }

  snapshot(): unknown {
    return {};
  }

  restore(): void {}
}

export interface TwinLab extends HmiLab {
  /** the models of a station, by id */
  models(station: string): Map<string, Model>;
  /** a signal's current value in the station */
  value(station: string, key: string): number | boolean | string;
  /** step every station by hand (the pacer stopped) until `pred` holds; returns the ticks stepped */
  stepUntil(station: string, pred: () => boolean, maxTicks?: number): Promise<number>;
}

export async function startTwinLab(opts: { stations?: number } = {}): Promise<TwinLab> {
  const byStation = new Map<string, Map<string, Model>>();
  const lab = await startHmiLab({
    stations: opts.stations ?? 1,
    tickMs: 100,
    models: (station) => {
      const models: Model[] = [...createCellModels({}), new TwinCanaryModel()];
      byStation.set(station, new Map(models.map((m) => [m.id, m])));
      return models;
    },
  });
  const st = (id: string) => lab.running.lab.station(id)!;
  const value = (station: string, key: string) => {
    const s = st(station);
    const sig = s.registry.get(key);
    if (!sig) throw new Error(`no signal ${key}`);
    return s.store.value(sig.index);
  };
  return {
    ...lab,
    models: (station) => byStation.get(station)!,
    value,
    async stepUntil(_station, pred, maxTicks = 3000) {
      const lb = lab.running.lab;
      lb.pacer.stop();
      for (let i = 0; i < maxTicks; i++) {
        if (pred()) return i;
        lb.step();
        // let the realtime hub and the socket flush between ticks (one frame per tick, as when paced)
        await new Promise((r) => setImmediate(r));
      }
      if (pred()) return maxTicks;
      throw new Error('stepUntil: condition not reached');
    },
  };
}
