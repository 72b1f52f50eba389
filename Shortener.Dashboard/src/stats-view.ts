// The statistics a link's page and a tag's page share: the range picker, the totals against the range before, the
// chart and the ranked breakdowns, all from answers of the same shape (GET /links/{slug}/stats, GET /tags/{tag}/stats).
import { ApiError } from "./api";
import { dailyChart, hourlyChart } from "./charts";
import { clear, empty, failure, field, h, loading } from "./dom";
import { countryLabel, daysBetween, fmt, timeZone, utcDayString } from "./format";
import type { BreakdownItem, HourlyStats, LinkStats } from "./types";
import { dbIpCredit, ranked, statCard } from "./widgets";

const ranges = [
  { id: "24h", label: "24 h", days: 1 },
  { id: "7d", label: "7 d", days: 7 },
  { id: "30d", label: "30 d", days: 30 },
  { id: "90d", label: "90 d", days: 90 },
  { id: "1y", label: "1 y", days: 365 },
  { id: "custom", label: "Custom", days: 0 },
] as const;
type RangeId = (typeof ranges)[number]["id"];

interface View {
  range: RangeId;
  start: string;
  end: string;
  bots: boolean;
}

export interface StatsSource {
  days: (start: string, end: string, bots: boolean, signal: AbortSignal) => Promise<LinkStats>;
  /** The last 24 whole hours before an instant (now when null); without it the 24 h range is not offered. */
  hours?: (before: string | null, bots: boolean, signal: AbortSignal) => Promise<HourlyStats>;
}

/** The view lives in the URL (?range=7d&bots=true, or start and end for a custom range), so reloads and links keep it. */
function readView(offered: readonly (typeof ranges)[number][]): View {
  const q = new URLSearchParams(location.search);
  const today = utcDayString(new Date());
  const bots = q.get("bots") === "true";
  const range = (offered.find((r) => r.id === q.get("range"))?.id ?? "30d") as RangeId;
  if (range === "custom") {
    const start = q.get("start") ?? utcDayString(new Date(), -29);
    const end = q.get("end") ?? today;
    return { range, start, end, bots };
  }
  const days = ranges.find((r) => r.id === range)!.days;
  return { range, start: utcDayString(new Date(), -(days - 1)), end: today, bots };
}

function writeView(view: View): void {
  const q = new URLSearchParams();
  q.set("range", view.range);
  if (view.range === "custom") {
    q.set("start", view.start);
    q.set("end", view.end);
  }
  if (view.bots) q.set("bots", "true");
  history.replaceState(null, "", `${location.pathname}?${q}`);
}

function previous(view: View): { start: string; end: string } {
  const days = daysBetween(view.start, view.end);
  const end = utcDayString(new Date(`${view.start}T00:00:00Z`), -1);
  return { start: utcDayString(new Date(`${end}T00:00:00Z`), -(days - 1)), end };
}

/** The breakdowns both answers have; the issue 15 ones are absent from servers that predate it. */
type Breakdowns = Pick<LinkStats, "countries" | "referers" | "devices" | "browsers" | "os" | "rules" | "variants" | "utm_source" | "utm_medium" | "utm_campaign">;

/** What the page draws, from the daily or the hourly answer alike. */
interface Shown extends Breakdowns {
  include_bots: boolean;
  total_clicks: number;
  unique_visitors: number;
  range: string;
  chartLabel: string;
  draw: (host: HTMLElement) => () => void;
}

const items = (list: BreakdownItem[], label: (v: string) => string = (v) => v) => list.map((i) => ({ label: label(i.value), value: i.clicks }));

/** Rules and variants are counted by their index; people number them from 1, as the link's form does. */
export const ruleLabel = (value: string) => (/^\d+$/.test(value) ? `Rule ${Number(value) + 1}` : value === "(default)" ? "No rule (the link's target)" : value);
export const variantLabel = (value: string) => (/^\d+$/.test(value) ? `Variant ${Number(value) + 1}` : value);

/** The breakdowns of issue 15, each shown only when there is something in it. */
function routingBreakdowns(stats: Breakdowns): HTMLElement[] {
  const shown: [string, BreakdownItem[] | undefined, string, ((v: string) => string)?][] = [
    ["Rules", stats.rules, "rules", ruleLabel],
    ["A/B variants", stats.variants, "variants", variantLabel],
    ["UTM source", stats.utm_source, "utm-source"],
    ["UTM medium", stats.utm_medium, "utm-medium"],
    ["UTM campaign", stats.utm_campaign, "utm-campaign"],
  ];
  return shown.filter(([, list]) => list && list.length > 0).map(([title, list, testId, label]) => ranked(title, items(list!, label), testId));
}

/** Draws the range picker into controls and the statistics into body; returns its clean-up. */
export function statsView(controls: HTMLFormElement, body: HTMLElement, source: StatsSource): () => void {
  const offered = ranges.filter((r) => r.id !== "24h" || source.hours);
  let view = readView(offered);
  let request: AbortController | null = null;
  let chartCleanup: (() => void) | null = null;

  // Range picker: a radio group, then the custom days, then bots.
  const radios = offered.map((r) => {
    const input = h("input", { type: "radio", name: "range", value: r.id, checked: r.id === view.range });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      if (r.id === "custom") view = { ...view, range: "custom" };
      else view = { ...view, range: r.id, start: utcDayString(new Date(), -(r.days - 1)), end: utcDayString(new Date()) };
      syncCustom();
      void load();
    });
    return h("label", { class: "seg" }, input, h("span", {}, r.label));
  });
  const startInput = h("input", { type: "date", name: "start", value: view.start, max: utcDayString(new Date()) });
  const endInput = h("input", { type: "date", name: "end", value: view.end, max: utcDayString(new Date()) });
  const startField = field("From (UTC day)", startInput);
  const endField = field("To (UTC day)", endInput);
  const custom = h("div", { class: "custom" }, startField.wrap, endField.wrap);
  const onCustom = () => {
    if (!startInput.value || !endInput.value) return;
    view = { ...view, range: "custom", start: startInput.value, end: endInput.value };
    void load();
  };
  startInput.addEventListener("change", onCustom);
  endInput.addEventListener("change", onCustom);
  const bots = h("input", { type: "checkbox", name: "bots", checked: view.bots });
  bots.addEventListener("change", () => {
    view = { ...view, bots: bots.checked };
    void load();
  });
  function syncCustom() {
    custom.hidden = view.range !== "custom";
    startInput.value = view.start;
    endInput.value = view.end;
  }
  clear(controls,
    h("fieldset", { class: "segmented" }, h("legend", {}, "Range"), radios),
    custom,
    h("label", { class: "check" }, bots, "Include bots"));
  syncCustom();
  controls.addEventListener("submit", (e) => e.preventDefault());

  async function load(): Promise<void> {
    writeView(view);
    request?.abort();
    const mine = (request = new AbortController());
    body.setAttribute("aria-busy", "true");
    chartCleanup?.();
    chartCleanup = null;
    clear(body, loading("statistics"));
    startField.setError(undefined);
    endField.setError(undefined);
    try {
      const [shown, prev] = view.range === "24h" && source.hours ? await lastDay(source.hours, mine.signal) : await days(mine.signal);
      if (mine.signal.aborted) return;
      show(shown, prev);
    } catch (err) {
      if (mine.signal.aborted) return;
      if (err instanceof ApiError && (err.field("start") || err.field("end"))) {
        startField.setError(err.field("start"));
        endField.setError(err.field("end"));
      }
      clear(body, failure(err, () => void load()));
    } finally {
      if (!mine.signal.aborted) body.setAttribute("aria-busy", "false");
    }
  }

  /** UTC days from the rollups, and the same number of days before them. */
  async function days(signal: AbortSignal): Promise<[Shown, Shown | null]> {
    const before = previous(view);
    const [stats, prev] = await Promise.all([
      source.days(view.start, view.end, view.bots, signal),
      source.days(before.start, before.end, view.bots, signal).catch(() => null),
    ]);
    return [{
      ...stats,
      range: `${fmt.day(stats.start)} – ${fmt.day(stats.end)}, UTC days`,
      chartLabel: `Clicks and unique visitors per UTC day, ${fmt.day(stats.start)} to ${fmt.day(stats.end)}`,
      draw: (host) => dailyChart(host, stats.daily.map((d) => d.date), [
        { label: "Clicks", values: stats.daily.map((d) => d.clicks), color: "--accent" },
        { label: "Unique visitors", values: stats.daily.map((d) => d.unique_visitors), color: "--accent-2" },
      ], ""),
    }, prev ? { ...prev, range: "", chartLabel: "", draw: () => () => undefined } : null];
  }

  /** The last 24 whole hours from raw clicks, and the 24 before them. */
  async function lastDay(hours: NonNullable<StatsSource["hours"]>, signal: AbortSignal): Promise<[Shown, Shown | null]> {
    const stats = await hours(null, view.bots, signal);
    const prev = await hours(new Date(Date.parse(stats.from) - 1000).toISOString(), view.bots, signal).catch(() => null);
    const from = fmt.dateTime(stats.from);
    const to = fmt.dateTime(stats.to);
    return [{
      ...stats,
      range: `${from} – ${to} (${timeZone}), by hour`,
      chartLabel: `Clicks and unique visitors per hour, ${from} to ${to}`,
      draw: (host) => hourlyChart(host, stats.hourly.map((h) => h.hour), [
        { label: "Clicks", values: stats.hourly.map((h) => h.clicks), color: "--accent" },
        { label: "Unique visitors", values: stats.hourly.map((h) => h.unique_visitors), color: "--accent-2" },
      ], ""),
    }, prev ? { ...prev, range: "", chartLabel: "", draw: () => () => undefined } : null];
  }

  function show(stats: Shown, prev: Shown | null): void {
    const chartHost = h("div", { class: "chart", role: "img", "aria-label": stats.chartLabel });
    const range = h("p", { class: "muted" }, `${stats.range}${stats.include_bots ? ", bots included" : ", bots left out"}.`);
    clear(body,
      range,
      h("div", { class: "stats-row" },
        statCard("Clicks", stats.total_clicks, prev?.total_clicks ?? null, "total-clicks"),
        statCard("Unique visitors", stats.unique_visitors, prev?.unique_visitors ?? null, "unique-visitors")),
      h("section", { class: "card" }, h("h2", { class: "visually-hidden" }, "Over time"), chartHost,
        stats.total_clicks === 0 ? empty("No clicks in this range.") : null),
      h("div", { class: "breakdowns" },
        ranked("Countries", items(stats.countries, countryLabel), "countries", dbIpCredit()),
        ranked("Referrers", items(stats.referers), "referrers"),
        ranked("Devices", items(stats.devices), "devices"),
        ranked("Browsers", items(stats.browsers), "browsers"),
        ranked("Operating systems", items(stats.os), "os"),
        routingBreakdowns(stats)));
    chartCleanup = stats.draw(chartHost);
    // bench/ times the page up to here: numbers, chart and every breakdown drawn.
    performance.mark("shortener:stats-rendered");
  }

  void load();
  return () => {
    request?.abort();
    chartCleanup?.();
  };
}
