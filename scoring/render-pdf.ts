/**
 * The score report as a PDF (pdfkit): the same content as the HTML report, French then English. It embeds
 * DejaVu Sans when the system has it (Debian `fonts-dejavu-core`, pulled in by Chromium) so every character
 * prints; otherwise it falls back on Helvetica and spells out the few symbols outside its character set.
 * The creation date is fixed, so the same report gives the same bytes.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Bilingual, CriterionResult, ScoreReport } from './report-types.ts';
import { VERDICT_LABELS } from './score.ts';

const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/local/share/fonts/dejavu',
];

function findFonts(): { regular: string; bold: string } | null {
  for (const d of FONT_DIRS) {
    const regular = `${d}/DejaVuSans.ttf`;
    const bold = `${d}/DejaVuSans-Bold.ttf`;
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  return null;
}

/** Symbols Helvetica (WinAnsi) cannot print, spelled out. */
const ASCII: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '∈': 'in',
  '∉': 'not in',
  '−': '-',
  '×': 'x',
  '≈': '~',
  '±': '+/-',
  Ω: 'Ohm',
  σ: 'sigma',
  Δ: 'D',
  δ: 'd',
  '∞': 'inf',
  '‰': 'per mille',
  '’': "'",
  '“': '"',
  '”': '"',
  '…': '...',
  '—': '-',
  '–': '-',
  '\u202f': ' ',
};

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

export function renderPdf(r: ScoreReport): Promise<Buffer> {
  const fonts = findFonts();
  const clean = fonts
    ? (s: string) => s
    : (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff\u0152\u0153]/g, (ch) => ASCII[ch] ?? '?');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: clean(`Grille d'évaluation — ${r.exercise.title.fr} — ${r.station}`),
      Author: 'plastlab',
      Subject: clean(r.exercise.title.en),
      CreationDate: new Date(Date.UTC(2026, 0, 1)),
    },
  });
  const regular = fonts ? 'dejavu' : 'Helvetica';
  const bold = fonts ? 'dejavu-bold' : 'Helvetica-Bold';
  if (fonts) {
    doc.registerFont(regular, fonts.regular);
    doc.registerFont(bold, fonts.bold);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const text = (s: string, opts: { size?: number; bold?: boolean; color?: string; indent?: number } = {}) => {
    doc
      .font(opts.bold ? bold : regular)
      .fontSize(opts.size ?? 9)
      .fillColor(opts.color ?? '#1b1f24')
      .text(clean(s), { indent: opts.indent ?? 0 });
  };
  const pair = (b: Bilingual, opts: { size?: number; bold?: boolean } = {}) => {
    text(b.fr, opts);
    text(b.en, { ...opts, bold: false, color: '#57606a' });
  };
  const heading = (fr: string, en: string) => {
    doc.moveDown(0.8);
    text(`${fr} / ${en}`, { size: 12, bold: true });
    doc.moveDown(0.2);
  };

  text(`Grille d'évaluation — ${r.exercise.title.fr}`, { size: 16, bold: true });
  text(`Assessment grid — ${r.exercise.title.en}`, { size: 11, color: '#57606a' });
  doc.moveDown(0.5);
  text(`Bloc / block : ${r.exercise.certification_label.fr} / ${r.exercise.certification_label.en}`);
  text(
    `Exercice / exercise : ${r.exercise.id} v${r.exercise.version} (${r.exercise.level}, ${r.exercise.duration_min} min)`,
  );
  if (r.exercise.sha256) text(`SHA-256 : ${r.exercise.sha256}`, { size: 7 });
  text(`Poste / station : ${r.station} — candidat / candidate : ${r.candidate ?? '—'}`);
  text(
    `Journal : ${r.journal.entries} entrées / entries, seq ${r.journal.first_seq ?? '—'}…${r.journal.last_seq ?? '—'}`,
  );
  if (r.journal.last_hash) text(`Dernière empreinte / last hash : ${r.journal.last_hash}`, { size: 7 });
  text(
    `Détection / detection : ${r.detection.seconds === null ? 'non détectée / not detected' : `${Math.round(r.detection.seconds / 6) / 10} min (seq ${r.detection.seq})`}`,
  );
  text(
    `Sécurité / safety : critiques ${r.safety.critical}, majeures ${r.safety.major}, mineures ${r.safety.minor}`,
  );

  heading('Résultat', 'Result');
  const v = VERDICT_LABELS[r.total.verdict];
  text(`${v.fr} / ${v.en} — ${pct(r.total.pct / 100)}`, {
    size: 13,
    bold: true,
    color: r.total.verdict === 'validated' ? '#116329' : r.total.verdict === 'resit' ? '#7d4e00' : '#a40e26',
  });
  if (r.total.pct !== r.total.auto_pct) text(`Automatique / automatic : ${pct(r.total.auto_pct / 100)}`);
  text(`Seuils / thresholds : ${r.total.thresholds.validated} % / ${r.total.thresholds.resit} %`);
  doc.moveDown(0.3);
  for (const c of r.criteria) {
    text(
      `${c.label.fr} — ${pct(c.score)} (poids ${c.weight} %, auto ${pct(c.auto)}${c.override ? `, révisé ${pct(c.override.score)}` : ''})`,
      { bold: true },
    );
    text(c.label.en, { color: '#57606a' });
  }

  heading('Détail par critère', 'Detail per criterion');
  for (const c of r.criteria) criterion(c);

  heading('Chronologie de débriefing', 'Debrief timeline');
  for (const t of r.timeline) {
    text(`${t.clock}  [${t.seq ?? '—'}]  ${t.fr}`, { size: 8 });
    text(t.en, { size: 7, color: '#57606a', indent: 60 });
  }
  if (r.notes.length) {
    heading('Notes', 'Notes');
    for (const n of r.notes) pair(n, { size: 8 });
  }
  doc.end();
  return done;

  function criterion(c: CriterionResult) {
    doc.moveDown(0.5);
    text(`${c.label.fr} — ${pct(c.score)}`, { size: 10, bold: true });
    text(c.label.en, { color: '#57606a' });
    if (c.override) {
      text(
        `Révision / override : ${pct(c.override.score)} par / by ${c.override.by} (seq ${c.override.seq}) — « ${c.override.comment} »`,
        { color: '#7d4e00' },
      );
    }
    for (const i of c.items) {
      const head = `${i.value >= 0 ? '+' : ''}${pct(i.value)}  [seq ${i.refs.join(', ') || '—'}]`;
      text(`${head}  ${i.fr}`, { size: 8, color: i.kind === 'critical' ? '#a40e26' : '#1b1f24', indent: 8 });
      text(i.en, { size: 7, color: '#57606a', indent: 20 });
    }
  }
}
