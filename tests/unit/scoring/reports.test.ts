/**
 * Reports: the HTML page is self-contained and escapes what it shows, French before English; the CSV grids
 * (per candidate, per group) neutralise formula injection; the PDF is a real, deterministic PDF.
 */
import { describe, expect, it } from 'vitest';
import { candidateCsv, groupCsv } from '../../../scoring/render-csv.ts';
import { renderHtml } from '../../../scoring/render-html.ts';
import { renderPdf } from '../../../scoring/render-pdf.ts';
import { score } from '../../../scoring/score.ts';
import { play } from '../../helpers/transcript-personas.ts';
import { f01, f04 } from '../../helpers/transcript-scripts.ts';

const report = (persona: 'expert' | 'unsafe' = 'unsafe', station = 'st1') => {
  const run = play(f01, persona, { station });
  return score(run.exercise, run.entries, { station, exerciseSha256: run.sha256 });
};

describe('reports', () => {
  it('renders a self-contained HTML grid, French label first, with every item and its journal entries', () => {
    const r = report();
    const html = renderHtml(r);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="fr">');
    // no external resource of any kind
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    // French then English for each criterion label
    expect(html.indexOf('Gestes professionnels maîtrisés')).toBeLessThan(
      html.indexOf('Professional gestures mastered'),
    );
    expect(html).toContain('ERREUR CRITIQUE');
    expect(html).toContain('Chronologie de débriefing');
    for (const c of r.criteria)
      for (const i of c.items) for (const ref of i.refs) expect(html).toContain(`<code>${ref}</code>`);
  });

  it('escapes what candidates and trainers wrote', () => {
    const run = play(f01, 'expert');
    run.tb.wait(60_000).override('analysis', 0.5, '<script>alert(1)</script> & "quotes"');
    const html = renderHtml(score(run.exercise, run.tb.entries(), { station: 'st1' }));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it('exports the grid of one candidate as CSV, one line per item with its references', () => {
    const r = report();
    const csv = candidateCsv(r);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toContain('"justification_fr","justification_en"');
    expect(lines).toHaveLength(1 + r.criteria.reduce((s, c) => s + c.items.length, 0) + 1);
    expect(lines.at(-1)).toContain('"total"');
    expect(csv).toContain('"critical"');
  });

  it('exports the grid of a group, one line per station, and neutralises spreadsheet formulas', () => {
    const run = play(f04, 'expert');
    run.tb.wait(60_000).override('analysis', 0.9, '=HYPERLINK("http://evil")');
    const a = score(run.exercise, run.tb.entries(), { station: 'st1' });
    const b = report('unsafe', 'st2');
    const csv = groupCsv([b, a]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith('"st1"')).toBe(true);
    expect(lines[2]!.startsWith('"st2"')).toBe(true);
    expect(lines[0]).toContain('"gestures_auto","gestures_final"');
    const candidate = candidateCsv(a);
    expect(candidate).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(candidate).not.toMatch(/,"=HYPERLINK/);
  });

  it('renders a deterministic PDF', async () => {
    const r = report();
    const a = await renderPdf(r);
    const b = await renderPdf(r);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.length).toBeGreaterThan(5000);
    expect(a.equals(b)).toBe(true);
  });
});
