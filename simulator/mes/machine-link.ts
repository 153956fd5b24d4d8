/**
 * What the MES asks of the machine model, when the machine offers it (duck-typed on the peer models passed
 * to `createMesModels`). EUROMAP 77 leaves the movements to the machine; these hooks let the job interface
 * act on it: gate automatic cycles, stop at the end of the cycle, reset the job counters.
 * A machine without them still runs; the MES then only records (docs/mes.md "Machine hooks").
 */
export interface MesMachineLink {
  /** ProductionControl.AutomaticRunEnabled: when false the machine starts no new automatic cycle */
  setAutomaticRunEnabled?(enabled: boolean): void;
  /** StopAtCycleEnd: finish the running cycle, then stop */
  stopAtCycleEnd?(): void;
  /** ResetJobCounters: the EUROMAP 77 job counters back to 0 */
  resetJobCounters?(): void;
  /** the job the MES made active (JobName, JobStatus), for machines that show it */
  jobChanged?(job: { name: string; status: string }): void;
}

const HOOKS = ['setAutomaticRunEnabled', 'stopAtCycleEnd', 'resetJobCounters', 'jobChanged'] as const;

/** The peers that implement at least one hook, seen through `mesLink` or directly. */
export function machineLinks(peers: readonly object[]): MesMachineLink[] {
  const out: MesMachineLink[] = [];
  for (const p of peers) {
    const candidate = ((p as { mesLink?: unknown }).mesLink ?? p) as Record<string, unknown>;
    if (HOOKS.some((h) => typeof candidate[h] === 'function')) out.push(candidate as MesMachineLink);
  }
  return out;
}
