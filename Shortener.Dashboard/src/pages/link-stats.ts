import { api } from "../api";
import { clear, empty, failure, h, loading, toast } from "../dom";
import { countryLabel, fmt, timeEl, timeZone } from "../format";
import { openLive } from "../live";
import { base, type Render } from "../router";
import { ruleLabel, statsView, variantLabel } from "../stats-view";
import type { Link, LiveClick, RuleConditions } from "../types";
import { tagList } from "../widgets";

function describe(when: RuleConditions): string {
  const parts: string[] = [];
  if (when.device?.length) parts.push(`device ${when.device.join(" or ")}`);
  if (when.country?.length) parts.push(`country ${when.country.join(" or ")}`);
  if (when.language?.length) parts.push(`language ${when.language.join(" or ")}`);
  if (when.query) parts.push(Object.entries(when.query).map(([k, v]) => `?${k}=${v}`).join(" and "));
  if (when.after) parts.push(`from ${fmt.dateTime(when.after)}`);
  if (when.before) parts.push(`before ${fmt.dateTime(when.before)}`);
  return parts.join(", ");
}

/** The link's title, tags, UTM, rules and variants, numbered as the rules and variants breakdowns name them. */
function routing(link: Link): HTMLElement | null {
  const rules = link.rules ?? [];
  const variants = link.variants ?? [];
  const utm = link.utm ? Object.entries(link.utm).filter(([k, v]) => k !== "override" && v) : [];
  if (!link.title && !link.tags?.length && !rules.length && !variants.length && !utm.length) return null;
  return h("div", { class: "card routing", "aria-label": "What the link does" },
    link.title ? h("p", {}, h("strong", {}, link.title)) : null,
    link.tags?.length ? h("p", {}, "Tags: ", tagList(link.tags)) : null,
    utm.length ? h("p", { class: "wrap" }, "UTM: ", utm.map(([k, v]) => `utm_${k}=${String(v)}`).join(" · "),
      link.utm?.override ? " (replacing the target's own)" : "") : null,
    rules.length ? h("ol", { class: "plain", "aria-label": "Rules, tried in order" }, rules.map((r, i) =>
      h("li", { class: "wrap" }, h("strong", {}, ruleLabel(String(i))), `: ${describe(r.when)} → `, h("code", {}, r.url)))) : null,
    variants.length ? h("ol", { class: "plain", "aria-label": "A/B variants" }, variants.map((v, i) =>
      h("li", { class: "wrap" }, h("strong", {}, variantLabel(String(i))), ` (${fmt.int(v.weight)} %): `, h("code", {}, v.url)))) : null);
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

export const render: Render = (main, ctx) => {
  const slug = ctx.params.slug!;
  const cleanups: (() => void)[] = [];
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
      routing(link), preview(link), startLive()),
    (err: unknown) => {
      clear(linkInfo, failure(err));
      liveState.textContent = "unavailable";
    });

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

  cleanups.push(statsView(controls, body, {
    days: (start, end, bots, signal) => api.stats(slug, start, end, bots, signal),
    hours: (before, bots, signal) => api.hourlyStats(slug, 24, before, bots, signal),
  }));
  return () => {
    stopped = true;
    cleanups.forEach((c) => c());
  };
};
