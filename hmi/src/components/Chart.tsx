/**
 * A uPlot chart (fast canvas time series). The chart is decorative for assistive technologies: each
 * screen gives the same information as text (a summary table), and series differ by dash pattern as well
 * as by colour (WCAG 1.4.1).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmtNum } from '../i18n.ts';

/** Colours with ≥ 3:1 contrast on white, and dash patterns so no series is told by colour alone. */
export const COLORS = [
  '#0b5cad',
  '#b3261e',
  '#1b6e3a',
  '#6a3d9a',
  '#8a4b00',
  '#00636b',
  '#5f3b1a',
  '#404040',
];
export const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6], [1, 2], [6, 2, 2, 2]];

/** Axis tick labels in the active locale, with as many decimals as the tick step needs. */
export function tickValues(_u: uPlot, splits: number[]): string[] {
  const step = splits.length > 1 ? Math.abs(splits[1]! - splits[0]!) : 1;
  const d = step > 0 ? Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9))) : 0;
  return splits.map((x) => fmtNum(x, d));
}

export function Chart(props: {
  /** when it changes the chart is rebuilt (series, axes); otherwise only the data is updated */
  config: string;
  options: (width: number) => uPlot.Options;
  data: uPlot.AlignedData;
  label: string;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const optsRef = useRef(props.options);
  optsRef.current = props.options;
  useEffect(() => {
    const el = host.current!;
    const u = new uPlot(optsRef.current(Math.max(300, el.clientWidth)), props.data, el);
    plot.current = u;
    const ro = new ResizeObserver(() =>
      u.setSize({ width: Math.max(300, el.clientWidth), height: u.height }),
    );
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [props.config]);
  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);
  return <div class="chart" ref={host} role="img" aria-label={props.label} />;
}
