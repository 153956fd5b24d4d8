/**
 * Wiring of the fault engine and the safety model into a station: command submission for their
 * event-like effects (F23's foreign write, F07's lot change, a repair's set-point restore) and the
 * trainer-side journal. The lab calls it for every station; a headless run or a test does the same.
 */
import type { Station } from '../kernel/station.ts';
import type { SafetyModel } from '../safety/safety-model.ts';
import type { JournalEntryInput } from '../session/journal.ts';
import type { FaultEngine, StationLink } from './engine.ts';

export type Recorder = (e: JournalEntryInput) => void;

export function wireStation(st: Station, record?: Recorder): void {
  const link: StationLink = {
    submit: (c) => st.submit(c),
    hasAction: (name) => st.action(name) !== undefined,
  };
  // other models may use these ids (test models): wire only ours
  const engine = st.model<FaultEngine>('faults');
  if (engine && typeof engine.attach === 'function') {
    engine.attach(link);
    if (record) {
      engine.onTrainerEvent = (e) =>
        record({
          type: e.type,
          station: st.id,
          t: e.t,
          ...(e.actor ? { actor: e.actor } : {}),
          payload: e.payload,
        });
    }
  }
  const safety = st.model<SafetyModel>('safety');
  if (safety && typeof safety.attach === 'function') {
    safety.attach(link);
    if (record)
      safety.onJournal = (e) =>
        record({ type: e.type, station: st.id, t: e.t, actor: e.actor, payload: e.payload });
  }
}
