/**
 * Alarm state of one station (ISA-18.2 style): each alarm a model raises (station `alarm` hook, never a
 * fault id) is an occurrence that is active or cleared, and acknowledged or not. An occurrence leaves the
 * list of current alarms once it is both cleared and acknowledged, and stays in a bounded history.
 *
 * Acknowledging is a named action `alarm.ack` on the station, so it goes through the command API:
 * validated, journaled durably, applied at the tick boundary, then answered (DESIGN.md principle 3).
 * A refused acknowledgement (unknown or already acknowledged alarm) changes nothing.
 */
import { z } from 'zod';
import type { AlarmEvent } from '../kernel/model.ts';
import type { Station } from '../kernel/station.ts';

export interface AlarmOccurrence {
  readonly id: number;
  readonly code: string;
  readonly equipment: string;
  severity: AlarmEvent['severity'];
  text: { readonly fr: string; readonly en: string };
  active: boolean;
  acked: boolean;
  /** simulation ms */
  readonly raisedAt: number;
  clearedAt?: number;
  ackedAt?: number;
  ackedBy?: string;
}

export const AlarmAckArgs = z.strictObject({
  equipment: z.string().min(1).max(64),
  code: z.string().min(1).max(64),
});
export type AlarmAckArgs = z.infer<typeof AlarmAckArgs>;

export type AlarmListener = (a: Readonly<AlarmOccurrence>) => void;

const keyOf = (equipment: string, code: string) => `${equipment}\u0000${code}`;

export class AlarmBook {
  readonly station: Station;
  private readonly current = new Map<string, AlarmOccurrence>();
  private readonly past: AlarmOccurrence[] = [];
  private readonly historySize: number;
  private readonly listeners = new Set<AlarmListener>();
  private nextId = 1;

  constructor(station: Station, opts: { historySize?: number } = {}) {
    this.station = station;
    this.historySize = opts.historySize ?? 500;
    station.hooks.on('alarm', (e) => this.onAlarm(e), { owner: 'hmi-alarms' });
    station.registerAction<AlarmAckArgs>({
      name: 'alarm.ack',
      label: { fr: 'Acquitter une alarme', en: 'Acknowledge an alarm' },
      group: 'alarms',
      roles: ['operator', 'technician', 'trainer'],
      args: AlarmAckArgs,
      check: (a) => {
        const occ = this.current.get(keyOf(a.equipment, a.code));
        if (!occ) return `no current alarm ${a.equipment}/${a.code}`;
        if (occ.acked) return `alarm ${a.equipment}/${a.code} is already acknowledged`;
        return null;
      },
      apply: (a, ctx) => {
        const occ = this.current.get(keyOf(a.equipment, a.code))!;
        occ.acked = true;
        occ.ackedAt = Math.round(ctx.t * 1000);
        occ.ackedBy = ctx.actor.user;
        if (!occ.active) this.archive(occ);
        this.emit(occ);
        return { id: occ.id };
      },
    });
  }

  private onAlarm(e: AlarmEvent): void {
    const key = keyOf(e.equipment, e.code);
    const occ = this.current.get(key);
    if (e.state === 'active') {
      if (occ?.active) {
        // still the same occurrence: a new severity or text (e.g. warning → alarm)
        occ.severity = e.severity;
        occ.text = e.text;
        this.emit(occ);
        return;
      }
      if (occ) this.archive(occ);
      const fresh: AlarmOccurrence = {
        id: this.nextId++,
        code: e.code,
        equipment: e.equipment,
        severity: e.severity,
        text: e.text,
        active: true,
        acked: false,
        raisedAt: e.t,
      };
      this.current.set(key, fresh);
      this.emit(fresh);
      return;
    }
    if (!occ?.active) return;
    occ.active = false;
    occ.clearedAt = e.t;
    if (occ.acked) this.archive(occ);
    this.emit(occ);
  }

  private archive(occ: AlarmOccurrence): void {
    const key = keyOf(occ.equipment, occ.code);
    if (this.current.get(key) === occ) this.current.delete(key);
    this.past.push(occ);
    if (this.past.length > this.historySize) this.past.splice(0, this.past.length - this.historySize);
  }

  private emit(occ: AlarmOccurrence): void {
    for (const l of this.listeners) l(occ);
  }

  /** Listen to every change of an occurrence (raised, updated, cleared, acknowledged). */
  onChange(fn: AlarmListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Alarms not yet both cleared and acknowledged, oldest first. */
  active(): AlarmOccurrence[] {
    return [...this.current.values()].sort((a, b) => a.id - b.id);
  }

  /** Occurrences that left the current list, most recent last (bounded). */
  history(): AlarmOccurrence[] {
    return [...this.past];
  }
}
