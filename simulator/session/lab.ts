/**
 * A lab run: N stations in one process, one real-time pacer, one journal, the credentials. Adapters
 * (protocols, historian, HMI) attach to the stations' hooks and report their queue counters here for
 * `/api/health`.
 */
import { join } from 'node:path';
import { wireStation } from '../faults/wire.ts';
import type { Command, CommandRecord } from '../kernel/command-types.ts';
import type { Model } from '../kernel/model.ts';
import { RealTimePacer, type TimeSource } from '../kernel/pacer.ts';
import { Station } from '../kernel/station.ts';
import type { LabConfig } from './config.ts';
import { CredentialStore } from './credentials.ts';
import { Journal, type JournalEntryInput } from './journal.ts';
import { ensureDir, loadSigningKey } from './keystore.ts';

export type ModelFactory = (stationId: string, index: number) => Model[];

export interface LabOptions {
  readonly config: LabConfig;
  readonly models: ModelFactory;
  readonly time?: TimeSource;
  /** journal file name inside the data folder (default `journal.sqlite`) */
  readonly journalFile?: string;
}

export type HealthProvider = () => Record<string, unknown>;

/** Id of the station at `index` (0-based) in an instance whose first station is number `first`. */
export const stationId = (index: number, first = 1): string => `st${index + first}`;

/** Drop bulky arrays (curves) from a per-shot record before it goes to the journal. */
export function cycleSummary(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (Array.isArray(v) && v.length > 32) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = cycleSummary(v as Record<string, unknown>);
      if (Object.keys(inner).length) out[k] = inner;
      continue;
    }
    out[k] = v;
  }
  return out;
}

export class Lab {
  readonly config: LabConfig;
  readonly stations = new Map<string, Station>();
  readonly journal: Journal;
  readonly credentials: CredentialStore;
  readonly pacer: RealTimePacer;
  readonly startedAt = Date.now();
  private readonly health = new Map<string, HealthProvider>();
  private readonly pendingEntries: JournalEntryInput[] = [];

  constructor(opts: LabOptions) {
    this.config = opts.config;
    const dataDir = opts.config.lab.dataDir;
    ensureDir(dataDir);
    this.journal = new Journal(join(dataDir, opts.journalFile ?? 'journal.sqlite'), {
      signingKey: loadSigningKey(dataDir),
    });
    const ids = Array.from({ length: opts.config.stations.count }, (_, i) =>
      stationId(i, opts.config.stations.first),
    );
    this.credentials = CredentialStore.loadOrCreate(dataDir, ids);
    ids.forEach((id, i) => {
      const st = new Station({
        id,
        seed: opts.config.lab.seed,
        tickMs: opts.config.lab.tickMs,
        models: opts.models(id, i),
        sink: this.journal,
      });
      st.hooks.on(
        'cycleEnd',
        (e) => {
          this.pendingEntries.push({ type: 'cycle', station: id, t: e.t, payload: cycleSummary(e.record) });
        },
        { owner: 'journal' },
      );
      st.hooks.on(
        'alarm',
        (a) => {
          this.pendingEntries.push({ type: 'alarm', station: id, t: a.t, payload: a });
        },
        { owner: 'journal' },
      );
      // fault engine and gestures (issue 4): command submission, trainer-side journal entries
      wireStation(st, (e) => this.pendingEntries.push(e));
      this.stations.set(id, st);
    });
    this.pacer = new RealTimePacer({
      tickMs: opts.config.lab.tickMs,
      step: () => this.step(),
      ...(opts.time ? { time: opts.time } : {}),
    });
    this.journal.append([
      {
        type: 'session',
        station: '',
        t: 0,
        payload: {
          event: 'start',
          /** wall-clock ms of simulation time 0 (absolute time = epochMs + station t) */
          epochMs: this.startedAt,
          seed: opts.config.lab.seed,
          tickMs: opts.config.lab.tickMs,
          stations: ids,
          material: opts.config.stations.material,
          hotRunner: opts.config.stations.hotRunner,
        },
      },
    ]);
  }

  /** One tick of every station, then the cycle and alarm summaries in one journal transaction. */
  step(): void {
    for (const st of this.stations.values()) st.step();
    if (this.pendingEntries.length) this.journal.append(this.pendingEntries.splice(0));
  }

  start(): void {
    this.pacer.start();
  }

  station(id: string): Station | undefined {
    return this.stations.get(id);
  }

  /** Route a command to its station; an unknown station is refused like any other bad input. */
  submit(cmd: Command): Promise<CommandRecord> {
    const st = this.stations.get(cmd.station);
    if (!st) {
      return Promise.resolve({
        seq: 0,
        tick: 0,
        t: 0,
        station: cmd.station,
        actor: cmd.actor,
        input: cmd.input,
        status: 'rejected',
        rejection: { code: 'other_station', message: `station "${cmd.station.slice(0, 40)}" does not exist` },
      });
    }
    return st.submit(cmd);
  }

  /** Journal something that is not a command (a view, a trend query, a submission…), durably. */
  record(entry: JournalEntryInput): void {
    this.journal.append([entry]);
  }

  addHealth(name: string, provider: HealthProvider): void {
    this.health.set(name, provider);
  }

  healthReport(version: string): Record<string, unknown> {
    const queues: Record<string, unknown> = {
      journal_appended: this.journal.appended,
      journal_head_seq: this.journal.headSeq,
    };
    for (const [name, p] of this.health) {
      try {
        queues[name] = p();
      } catch (e) {
        queues[name] = { error: e instanceof Error ? e.message : String(e) };
      }
    }
    const stations = [...this.stations.values()].map((s) => ({
      id: s.id,
      tick: s.clock.tick,
      sim_s: s.clock.seconds,
      pending_commands: s.pendingCount,
      hook_errors: s.hooks.errors,
    }));
    return {
      status: 'ok',
      version,
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
      node: process.version,
      stations,
      tick: { ...this.pacer.stats.summary(), tick_ms: this.pacer.tickMs, slipped: this.pacer.slipped },
      queues,
    };
  }

  stop(): void {
    this.pacer.stop();
    this.journal.append([{ type: 'session', station: '', t: 0, payload: { event: 'stop' } }]);
    this.journal.close();
  }
}
