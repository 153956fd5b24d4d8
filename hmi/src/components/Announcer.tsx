/** Spoken and visible status messages: a polite live region for results, an assertive one for refusals. */
import { signal } from '@preact/signals';

const polite = signal('');
const assertive = signal('');

export function announce(message: string, urgent = false): void {
  const s = urgent ? assertive : polite;
  s.value = '';
  queueMicrotask(() => {
    s.value = message;
  });
}

export function Announcer() {
  return (
    <div class="sr-only">
      <div role="status" aria-live="polite">
        {polite.value}
      </div>
      <div role="alert" aria-live="assertive">
        {assertive.value}
      </div>
    </div>
  );
}
