import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { fmt, timeZone } from "./format";

export interface Series {
  label: string;
  values: number[];
  /** A CSS custom property holding the colour, so the chart follows the light or dark theme. */
  color: string;
}

const wholeSteps = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p)).sort((a, b) => a - b);

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/**
 * A time series over UTC days (one point per day, from the API's daily list), drawn by uPlot on a canvas. Redraws on
 * resize and on a change between light and dark. Returns its clean-up.
 */
export function dailyChart(host: HTMLElement, days: string[], series: Series[], title: string): () => void {
  return timeChart(host, days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), series, title, "days");
}

/** The same over hours (ISO instants), drawn in the browser's time zone, which the legend names. */
export function hourlyChart(host: HTMLElement, hours: string[], series: Series[], title: string): () => void {
  return timeChart(host, hours.map((h) => Date.parse(h) / 1000), series, title, "hours");
}

function timeChart(host: HTMLElement, xs: number[], series: Series[], title: string, unit: "days" | "hours"): () => void {
  const days = xs;
  const utcDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  let plot: uPlot | null = null;

  const build = () => {
    plot?.destroy();
    const axis = { stroke: css("--muted"), grid: { stroke: css("--grid"), width: 1 }, ticks: { stroke: css("--grid"), width: 1 } };
    const opts: uPlot.Options = {
      title,
      width: Math.max(280, host.clientWidth),
      height: host.clientWidth < 500 ? 220 : 280,
      // The API's days are UTC days: label them as such, whatever the browser's zone. Hours are shown in the browser's zone.
      tzDate: (ts) => (unit === "days" ? uPlot.tzDate(new Date(ts * 1000), "Etc/UTC") : new Date(ts * 1000)),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { ...axis, space: 64, values: (_u, ticks) => ticks.map((t) => (unit === "days" ? fmt.shortDay(utcDay(t)) : fmt.hour(t * 1000))) },
        // Whole numbers only: clicks come one at a time.
        { ...axis, values: (_u, ticks) => ticks.map((t) => fmt.int(t)), size: 56, incrs: wholeSteps },
      ],
      series: [
        unit === "days"
          ? { label: "Day (UTC)", value: (_u: uPlot, v: number | null) => (v == null ? "–" : fmt.day(utcDay(v))) }
          : { label: `Hour (${timeZone})`, value: (_u: uPlot, v: number | null) => (v == null ? "–" : fmt.dateTime(new Date(v * 1000).toISOString())) },
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
