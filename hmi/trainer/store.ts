/**
 * What every screen of the console shares: the lab's set-up, the live status of the stations (polled
 * every 2 s while logged in) and the station the trainer is looking at.
 */
import { signal } from '@preact/signals';
import { getLab, getStatus, type LabInfo, type StationStatus } from './api.ts';
import { tsession } from './session.ts';

/** where the console is served */
export const BASE = '/trainer';

export const labInfo = signal<LabInfo | null>(null);
export const statuses = signal<readonly StationStatus[]>([]);
export const statusAt = signal(0);
export const statusError = signal('');
/** the station chosen on the per-station screens (faults, hints, watch, scores) */
export const selected = signal('');

let timer: ReturnType<typeof setInterval> | undefined;

export async function refreshLab(): Promise<void> {
  try {
    labInfo.value = await getLab();
    if (!selected.value) selected.value = labInfo.value.lab.stations[0] ?? '';
  } catch (e) {
    statusError.value = e instanceof Error ? e.message : String(e);
  }
}

export async function refreshStatus(): Promise<void> {
  if (!tsession.value) return;
  try {
    statuses.value = await getStatus();
    statusAt.value = Date.now();
    statusError.value = '';
  } catch (e) {
    statusError.value = e instanceof Error ? e.message : String(e);
  }
}

export function startPolling(): () => void {
  void refreshLab();
  void refreshStatus();
  timer = setInterval(() => void refreshStatus(), 2000);
  return () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
}

export const stationIds = (): string[] => labInfo.value?.lab.stations ?? statuses.value.map((s) => s.station);
