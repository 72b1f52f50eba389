import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { fmt } from "./format";

export interface Series {
  label: string;
  values: number[];
  /** A CSS custom property holding the colour, so the chart follows the light or dark theme. */
  color: string;
}

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/**
 * A time series over UTC days (one point per day, from the API's daily list), drawn by uPlot on a canvas. Redraws on
 * resize and on a change between light and dark. Returns its clean-up.
 */
export function dailyChart(host: HTMLElement, days: string[], series: Series[], title: string): () => void {
  const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  let plot: uPlot | null = null;

  const build = () => {
    plot?.destroy();
    const axis = { stroke: css("--muted"), grid: { stroke: css("--grid"), width: 1 }, ticks: { stroke: css("--grid"), width: 1 } };
    const opts: uPlot.Options = {
      title,
      width: Math.max(280, host.clientWidth),
      height: host.clientWidth < 500 ? 220 : 280,
      // The API's days are UTC days: label them as such, whatever the browser's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { ...axis, space: 64, values: (_u, ticks) => ticks.map((t) => fmt.shortDay(new Date(t * 1000).toISOString().slice(0, 10))) },
        { ...axis, values: (_u, ticks) => ticks.map((t) => fmt.int(t)), size: 56 },
      ],
      series: [
        { label: "Day (UTC)", value: (_u, v) => (v == null ? "–" : fmt.day(new Date(v * 1000).toISOString().slice(0, 10))) },
        ...series.map((s) => ({
          label: s.label,
          stroke: css(s.color),
          width: 2,
          fill: css(s.color) + "22",
          points: { show: days.length <= 45 },
          value: (_u: uPlot, v: number | null) => (v == null ? "–" : fmt.int(v)),
        })),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
    plot = new uPlot(opts, [xs, ...series.map((s) => s.values)], host);
  };

  build();
  let width = host.clientWidth;
  const resize = new ResizeObserver(() => {
    if (Math.abs(host.clientWidth - width) < 8) return;
    width = host.clientWidth;
    build();
  });
  resize.observe(host);
  const scheme = window.matchMedia("(prefers-color-scheme: dark)");
  scheme.addEventListener("change", build);
  return () => {
    resize.disconnect();
    scheme.removeEventListener("change", build);
    plot?.destroy();
  };
}
