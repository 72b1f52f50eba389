import { api, ApiError } from "../api";
import { dailyChart, hourlyChart } from "../charts";
import { clear, empty, failure, field, h, loading, toast } from "../dom";
import { countryLabel, daysBetween, fmt, timeEl, timeZone, utcDayString } from "../format";
import { openLive } from "../live";
import { base, type Render } from "../router";
import type { BreakdownItem, Link, LiveClick } from "../types";
import { dbIpCredit, ranked, statCard } from "../widgets";

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

/** The view lives in the URL (?range=7d&bots=true, or start and end for a custom range), so reloads and links keep it. */
function readView(): View {
  const q = new URLSearchParams(location.search);
  const today = utcDayString(new Date());
  const bots = q.get("bots") === "true";
  const range = (ranges.find((r) => r.id === q.get("range"))?.id ?? "30d") as RangeId;
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

/** The target's preview and the link's background jobs (issue 13), where the server has them. */
function preview(link: Link): HTMLElement | null {
  if (!link.preview && !link.jobs) return null;
  const p = link.preview;
  return h("div", { class: "card preview", "aria-label": "Preview of the target" },
    p?.title ? h("p", {}, h("strong", {}, p.title)) : null,
    p?.description ? h("p", { class: "muted" }, p.description) : null,
    // The image is on the target's host: linked, not loaded (the dashboard loads nothing from another host).
    p?.image ? h("p", {}, h("a", { href: p.image, rel: "noopener noreferrer", target: "_blank" }, "Preview image")) : null,
    p?.status_code ? h("p", { class: "muted" }, `The target answered ${p.status_code}`, p.fetched_at ? [" · fetched ", timeEl(p.fetched_at)] : null) : null,
    link.jobs ? h("p", { class: "muted" }, "Jobs: ",
      h("span", { class: `badge ${link.jobs.preview}` }, `preview ${link.jobs.preview}`), " ",
      h("span", { class: `badge ${link.jobs.webhooks}` }, `webhooks ${link.jobs.webhooks}`),
      link.jobs.attempts > 1 ? ` · ${link.jobs.attempts} attempts` : null) : null,
    link.jobs?.last_error ? h("p", { class: "muted wrap" }, `Last error: ${link.jobs.last_error}`) : null);
}

/** What the page draws, from the daily or the hourly answer alike. */
interface Shown {
  include_bots: boolean;
  total_clicks: number;
  unique_visitors: number;
  countries: BreakdownItem[];
  referers: BreakdownItem[];
  devices: BreakdownItem[];
  browsers: BreakdownItem[];
  os: BreakdownItem[];
  range: string;
  chartLabel: string;
  draw: (host: HTMLElement) => () => void;
}

const items = (list: BreakdownItem[], label: (v: string) => string = (v) => v) => list.map((i) => ({ label: label(i.value), value: i.clicks }));

export const render: Render = (main, ctx) => {
  const slug = ctx.params.slug!;
  let view = readView();
  let request: AbortController | null = null;
  const cleanups: (() => void)[] = [];
  let chartCleanup: (() => void) | null = null;
  let stopped = false;

  const head = h("div", { class: "page-head" }, h("h1", {}, "Statistics of ", h("code", {}, slug)));
  const linkInfo = h("div", { class: "link-info" }, loading("the link"));
  const controls = h("form", { class: "controls card", "aria-label": "Range" });
  const body = h("div", { class: "stats-body", "aria-live": "polite", "aria-busy": "true" });
  const exportBox = h("section", { class: "card export", "aria-labelledby": "export-title" });
  const liveBox = h("section", { class: "card live", "aria-labelledby": "live-title" });
  clear(main, h("p", { class: "crumbs" }, h("a", { href: base }, "← Links")), head, linkInfo, controls, body,
    h("div", { class: "two" }, liveBox, exportBox));

  void api.link(slug).then(
    (link: Link) => clear(linkInfo,
      h("p", {}, h("a", { href: link.short_url, class: "short" }, link.short_url), " → ",
        h("a", { href: link.original_url, rel: "noopener noreferrer", target: "_blank", class: "target" }, link.original_url)),
      h("p", { class: "muted" }, `${fmt.int(link.total_clicks)} clicks in all, bots included · created `, timeEl(link.created_at)),
      preview(link), startLive()),
    (err: unknown) => {
      clear(linkInfo, failure(err));
      liveState.textContent = "unavailable";
    });

  // Range picker: a radio group, then the custom days, then bots.
  const radios = ranges.map((r) => {
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
      const [shown, prev] = view.range === "24h" ? await lastDay(mine.signal) : await days(mine.signal);
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
      api.stats(slug, view.start, view.end, view.bots, signal),
      api.stats(slug, before.start, before.end, view.bots, signal).catch(() => null),
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
  async function lastDay(signal: AbortSignal): Promise<[Shown, Shown | null]> {
    const stats = await api.hourlyStats(slug, 24, null, view.bots, signal);
    const prev = await api.hourlyStats(slug, 24, new Date(Date.parse(stats.from) - 1000).toISOString(), view.bots, signal).catch(() => null);
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
        ranked("Operating systems", items(stats.os), "os")));
    chartCleanup = stats.draw(chartHost);
    // bench/ times the page up to here: numbers, chart and every breakdown drawn.
    performance.mark("shortener:stats-rendered");
  }

  // CSV export: file the job, poll its status, then offer the file.
  const exportButton = h("button", { type: "button" }, "Export CSV");
  const exportState = h("div", { class: "export-state", "aria-live": "polite" });
  clear(exportBox, h("h2", { id: "export-title" }, "Export"), h("p", { class: "muted" }, "Every click of this link as CSV, oldest first."), exportButton, exportState);
  let polling: number | undefined;
  exportButton.addEventListener("click", async () => {
    exportButton.disabled = true;
    clear(exportState, h("progress", { "aria-label": "Export progress" }), h("span", {}, " Queued…"));
    try {
      const job = await api.startExport(slug);
      const poll = async () => {
        const status = await api.exportStatus(job.id);
        if (status.status === "done" && status.download_url) {
          exportButton.disabled = false;
          clear(exportState, h("p", {}, h("a", { href: status.download_url, download: "", class: "button primary", "data-testid": "export-download" },
            `Download CSV (${fmt.int(status.rows ?? 0)} rows, ${fmt.bytes(status.bytes ?? 0)})`)));
          toast("The export is ready.");
          return;
        }
        if (status.status === "failed") {
          exportButton.disabled = false;
          clear(exportState, h("p", { class: "form-error", role: "alert" }, `The export failed: ${status.error ?? "unknown error"}`));
          return;
        }
        clear(exportState, h("progress", { "aria-label": "Export progress" }),
          h("span", {}, status.status === "running" ? " Writing the file…" : " Waiting for a worker…"));
        polling = window.setTimeout(() => void poll().catch(fail), 500);
      };
      const fail = (err: unknown) => {
        exportButton.disabled = false;
        clear(exportState, failure(err));
      };
      await poll().catch(fail);
    } catch (err) {
      exportButton.disabled = false;
      clear(exportState, failure(err));
    }
  });
  cleanups.push(() => window.clearTimeout(polling));

  // Live feed: clicks as the worker stores them (issue 11's stream).
  const liveCount = h("strong", { "data-testid": "live-count" }, "0");
  const liveState = h("span", { class: "live-state" });
  const feed = h("ol", { class: "feed", "data-testid": "live-feed" });
  let count = 0;
  clear(liveBox, h("h2", { id: "live-title" }, "Live ", liveState),
    h("p", {}, liveCount, " clicks since you opened this page"),
    h("p", { class: "muted" }, `Times in ${timeZone}.`), feed);
  // Opened once the link is known to be readable, so a link that is not the person's asks for no stream.
  function startLive(): null {
    if (!ctx.session.features.live || stopped) return null;
    feed.append(h("li", { class: "waiting muted" }, "Waiting for the next click…"));
    cleanups.push(openLive(api.liveUrl(slug, true), {
      click: (c: LiveClick) => {
        feed.querySelector(".waiting")?.remove();
        liveCount.textContent = fmt.int(++count);
        feed.prepend(h("li", {},
          timeEl(c.occurred_at, "time"), " ",
          h("span", {}, [c.device_type, c.browser, c.os].filter(Boolean).join(" · ") || "unknown device"),
          c.country ? h("span", { class: "muted" }, ` · ${countryLabel(c.country)}`) : null,
          c.referrer_host ? h("span", { class: "muted" }, ` · from ${c.referrer_host}`) : null,
          c.is_bot ? h("span", { class: "badge" }, "bot") : null));
        while (feed.children.length > 50) feed.lastElementChild?.remove();
      },
      gap: () => feed.prepend(h("li", { class: "muted" }, "Some clicks were skipped (the feed fell behind).")),
      state: (s, detail) => {
        liveState.textContent = s === "live" ? "● live" : s === "connecting" ? "connecting…" : s === "retrying" ? "reconnecting…" : "unavailable";
        liveState.className = `live-state ${s}`;
        if (s === "unavailable" && detail) liveState.title = detail;
      },
    }));
    return null;
  }
  if (!ctx.session.features.live) {
    liveState.textContent = "unavailable";
    feed.replaceWith(empty("This server has no live stream yet; the feed appears once it does."));
  }

  void load();
  return () => {
    stopped = true;
    request?.abort();
    chartCleanup?.();
    cleanups.forEach((c) => c());
  };
};
