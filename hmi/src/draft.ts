/**
 * The candidate's diagnosis draft, kept for the browser tab (sessionStorage) so evidence can be cited
 * from the trends and curves screens and the form survives a reload. Nothing of it reaches the server
 * before the candidate submits.
 */
import { signal } from '@preact/signals';
import type { DiagnosisDraft, EvidenceItem } from './api.ts';
import { session } from './session.ts';

export const emptyDraft = (): DiagnosisDraft => ({
  symptoms: [],
  rootCause: { equipment: '', component: '', failureMode: '' },
  evidence: [],
  explanation: '',
  corrective: '',
  preventive: '',
});

const storageKey = () => `plastlab.draft.${session.value?.station ?? ''}`;

function load(): DiagnosisDraft {
  try {
    const d = JSON.parse(sessionStorage.getItem(storageKey()) ?? 'null') as DiagnosisDraft | null;
    return d && Array.isArray(d.symptoms) ? { ...emptyDraft(), ...d } : emptyDraft();
  } catch {
    return emptyDraft();
  }
}

export const draft = signal<DiagnosisDraft>(load());

export function setDraft(d: DiagnosisDraft): void {
  draft.value = d;
  sessionStorage.setItem(storageKey(), JSON.stringify(d));
}

export function reloadDraft(): void {
  draft.value = load();
}

/** Cite evidence (from the trends or the curves); the same reference and window is cited once. */
export function cite(items: EvidenceItem[]): number {
  const d = draft.value;
  const same = (a: EvidenceItem, b: EvidenceItem) =>
    a.kind === b.kind && a.ref === b.ref && a.from === b.from && a.to === b.to;
  const add = items.filter((x) => !d.evidence.some((y) => same(x, y)));
  setDraft({ ...d, evidence: [...d.evidence, ...add].slice(0, 30) });
  return add.length;
}
