/**
 * The score report as one self-contained HTML page (no external resource: it can be mailed, archived or
 * printed): French label first, then English. Every grid line shows its journal references (`seq`).
 */
import type { Bilingual, CriterionResult, ScoreItem, ScoreReport } from './report-types.ts';
import { VERDICT_LABELS } from './score.ts';

const esc = (s: unknown): string =>
  String(s ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const both = (b: Bilingual) => `${esc(b.fr)}<br><span class="en">${esc(b.en)}</span>`;
const pct = (x: number) => `${(Math.round(x * 1000) / 10).toLocaleString('fr-FR')} %`;
const refs = (r: readonly number[]) => (r.length ? r.map((x) => `<code>${x}</code>`).join(' ') : '—');

const KIND: Record<ScoreItem['kind'], Bilingual> = {
  check: { fr: 'Critère', en: 'Check' },
  penalty: { fr: 'Pénalité', en: 'Penalty' },
  critical: { fr: 'Critique', en: 'Critical' },
  note: { fr: 'Note', en: 'Note' },
};

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1f24;max-width:1100px}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.4rem 0 .4rem}.en{color:#57606a;font-style:italic}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}
.verdict{display:inline-block;padding:.3rem .8rem;border-radius:4px;font-weight:600}
.validated{background:#dafbe1;color:#116329}.resit{background:#fff8c5;color:#7d4e00}.not_validated{background:#ffebe9;color:#a40e26}
tr.critical td{background:#ffebe9}tr.penalty td.num{color:#a40e26}tr.note td{color:#57606a}
code{font-size:.85em;background:#f6f8fa;padding:0 .2em;border-radius:3px}
.meta td:first-child{width:28%}.small{font-size:.85rem}
@media print{body{margin:1cm}h2{page-break-after:avoid}}
`;

function criterionTable(c: CriterionResult): string {
  const rows = c.items
    .map(
      (i) =>
        `<tr class="${i.kind}"><td>${both(KIND[i.kind])}</td><td class="num">${i.kind === 'check' ? `${pct(i.earned ?? 0)} × ${pct(i.weight ?? 0)}` : ''}</td><td class="num">${i.value >= 0 ? '+' : ''}${pct(i.value)}</td><td>${both(i)}</td><td>${refs(i.refs)}</td></tr>`,
    )
    .join('\n');
  const ov = c.override
    ? `<p><strong>Révision du formateur / Trainer override</strong> : ${pct(c.override.score)} (auto ${pct(c.auto)}) — ${esc(c.override.by)}, seq <code>${c.override.seq}</code> : « ${esc(c.override.comment)} »</p>`
    : '';
  return `<h3>${both(c.label)} — ${pct(c.score)} <span class="small">(poids / weight ${c.weight} %)</span></h3>
${ov}
<table><thead><tr><th>Type</th><th>Obtenu × poids<br><span class="en">Earned × weight</span></th><th>Points</th><th>Justification</th><th>Entrées du journal<br><span class="en">Journal entries</span></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function renderHtml(r: ScoreReport): string {
  const v = VERDICT_LABELS[r.total.verdict];
  const va = VERDICT_LABELS[r.total.verdict_auto];
  const grid = r.criteria
    .map(
      (c) =>
        `<tr><td>${both(c.label)}</td><td class="num">${c.weight} %</td><td class="num">${pct(c.auto)}</td><td class="num">${c.override ? pct(c.override.score) : '—'}</td><td class="num"><strong>${pct(c.score)}</strong></td></tr>`,
    )
    .join('\n');
  const faults = r.faults
    .map(
      (f) =>
        `<tr><td>${esc(f.item)}</td><td>${esc(f.fault)}</td><td><code>${esc(f.component)}</code></td><td class="num">${f.severity ?? '—'}</td><td>${esc(r.timeline.find((t) => t.kind === 'onset' && t.t === f.onset_t)?.clock ?? '')}</td><td>${f.onset_seq ?? '—'} (${esc(f.onset_source)})</td></tr>`,
    )
    .join('\n');
  const timeline = r.timeline
    .map(
      (t) =>
        `<tr><td class="num">${esc(t.clock)}</td><td>${t.seq ?? '—'}</td><td>${esc(t.kind)}</td><td>${esc(t.fr)}<br><span class="en">${esc(t.en)}</span></td></tr>`,
    )
    .join('\n');
  const notes = r.notes.length
    ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${both(n)}</li>`).join('')}</ul>`
    : '';
  const det =
    r.detection.seconds === null
      ? 'non détectée / not detected'
      : `${Math.round(r.detection.seconds / 6) / 10} min (seq ${r.detection.seq})`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Grille d'évaluation — ${esc(r.exercise.title.fr)} — ${esc(r.station)}</title>
<style>${CSS}</style></head>
<body>
<h1>Grille d'évaluation — ${esc(r.exercise.title.fr)}</h1>
<p class="en">Assessment grid — ${esc(r.exercise.title.en)}</p>
<table class="meta">
<tr><td>Bloc de certification<br><span class="en">Certification block</span></td><td>${both(r.exercise.certification_label)}</td></tr>
<tr><td>Exercice<br><span class="en">Exercise</span></td><td><code>${esc(r.exercise.id)}</code> v${r.exercise.version} — ${esc(r.exercise.level)}, ${r.exercise.duration_min} min${r.exercise.sha256 ? `<br><span class="small">SHA-256 ${esc(r.exercise.sha256)}</span>` : ''}</td></tr>
<tr><td>Poste / candidat<br><span class="en">Station / candidate</span></td><td>${esc(r.station)} — ${esc(r.candidate ?? '—')}</td></tr>
<tr><td>Journal<br><span class="en">Journal</span></td><td>${r.journal.entries} entrées / entries, seq ${r.journal.first_seq ?? '—'}…${r.journal.last_seq ?? '—'}<br><span class="small">dernière empreinte / last hash ${esc(r.journal.last_hash ?? '—')}</span></td></tr>
<tr><td>Détection<br><span class="en">Time to detection</span></td><td>${esc(det)}</td></tr>
<tr><td>Diagnostic noté<br><span class="en">Graded diagnosis</span></td><td>${r.diagnosis.graded_seq === null ? '—' : `v1, seq ${r.diagnosis.graded_seq} : <code>${esc(r.diagnosis.root_cause)}</code> (${r.diagnosis.versions} version(s))`}</td></tr>
<tr><td>Sécurité<br><span class="en">Safety</span></td><td>critiques / critical ${r.safety.critical}, majeures / major ${r.safety.major}, mineures / minor ${r.safety.minor}</td></tr>
</table>
<h2>Résultat <span class="en">/ Result</span></h2>
<p><span class="verdict ${r.total.verdict}">${esc(v.fr)} / ${esc(v.en)} — ${pct(r.total.pct / 100)}</span>
${r.total.pct !== r.total.auto_pct || r.total.verdict !== r.total.verdict_auto ? `<span class="small"> (automatique / automatic : ${pct(r.total.auto_pct / 100)}, ${esc(va.fr)} / ${esc(va.en)})</span>` : ''}</p>
<p class="small">Seuils / thresholds : validé ≥ ${r.total.thresholds.validated} %, rattrapage ≥ ${r.total.thresholds.resit} % / validated ≥ ${r.total.thresholds.validated} %, resit ≥ ${r.total.thresholds.resit} %</p>
<table><thead><tr><th>Critère<br><span class="en">Criterion</span></th><th>Poids<br><span class="en">Weight</span></th><th>Automatique<br><span class="en">Automatic</span></th><th>Révisé<br><span class="en">Overridden</span></th><th>Retenu<br><span class="en">Final</span></th></tr></thead>
<tbody>${grid}</tbody></table>
<h2>Dérives injectées <span class="en">/ Injected drifts</span></h2>
<table><thead><tr><th>Item</th><th>Défaut<br><span class="en">Fault</span></th><th>Composant<br><span class="en">Component</span></th><th>Sévérité<br><span class="en">Severity</span></th><th>Début<br><span class="en">Onset</span></th><th>seq</th></tr></thead><tbody>${faults}</tbody></table>
<h2>Détail par critère <span class="en">/ Detail per criterion</span></h2>
${r.criteria.map(criterionTable).join('\n')}
<h2>Chronologie de débriefing <span class="en">/ Debrief timeline</span></h2>
<table><thead><tr><th>Temps<br><span class="en">Time</span></th><th>seq</th><th>Type</th><th>Événement<br><span class="en">Event</span></th></tr></thead><tbody>${timeline}</tbody></table>
${notes}
<p class="small">${esc(r.schema)} — généré par le correcteur plastlab, fonction pure du journal et de l'exercice / generated by the plastlab scorer, a pure function of the journal and the exercise.</p>
</body></html>
`;
}
