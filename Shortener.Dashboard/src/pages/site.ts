import { api } from "../api";
import { dailyChart } from "../charts";
import { clear, dialog, empty, failure, h, loading, toast } from "../dom";
import { fmt, utcDayString } from "../format";
import { base, type Render } from "../router";
import { ranked, statCard } from "../widgets";
import { unavailable } from "./sites";

export const render: Render = (main, ctx) => {
  const siteId = ctx.params.site_id!;
  if (!ctx.session.features.sites) return unavailable(main, siteId, "sites");
  const body = h("div", {}, loading("the site's statistics"));
  const remove = h("button", { type: "button", class: "danger" }, "Delete site");
  remove.addEventListener("click", async () => {
    if (await dialog(`Delete ${siteId}?`, h("p", {}, "Its events stop being accepted."),
      [{ label: "Cancel", value: "cancel" }, { label: "Delete", value: "delete", danger: true }]) !== "delete") return;
    try {
      await api.deleteSite(siteId);
      toast(`Deleted ${siteId}`);
      ctx.navigate(`${base}/sites`);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err));
    }
  });
  clear(main, h("p", { class: "crumbs" }, h("a", { href: `${base}/sites` }, "← Sites")),
    h("div", { class: "page-head" }, h("h1", {}, "Site ", h("code", {}, siteId)), remove), body);
  let chartCleanup: (() => void) | null = null;

  const end = utcDayString(new Date());
  const start = utcDayString(new Date(), -29);
  api.siteStats(siteId, start, end).then((s) => {
    const chartHost = h("div", { class: "chart", role: "img", "aria-label": "Views and unique users per UTC day, last 30 days" });
    clear(body,
      h("p", { class: "muted" }, `${fmt.day(start)} – ${fmt.day(end)}, UTC days.`),
      h("div", { class: "stats-row" }, statCard("Views", s.total_views, null, "site-views"), statCard("Unique users", s.unique_users, null, "site-users")),
      h("section", { class: "card" }, chartHost, s.total_views === 0 ? empty("No events in this range.") : null),
      h("div", { class: "breakdowns" },
        ranked("Top paths", s.top_paths.map((p) => ({ label: p.path, value: p.views })), "top-paths"),
        ranked("Event types", (s.event_types ?? []).map((t) => ({ label: t.event_type, value: t.count })), "event-types")));
    const daily = s.daily ?? [];
    chartCleanup = dailyChart(chartHost, daily.map((d) => d.date), [
      { label: "Views", values: daily.map((d) => d.views), color: "--accent" },
      { label: "Unique users", values: daily.map((d) => d.unique_users), color: "--accent-2" },
    ], "");
  }, (err: unknown) => clear(body, failure(err)));
  return () => chartCleanup?.();
};
