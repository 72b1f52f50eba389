import { api } from "../api";
import { clear, empty, failure, h, loading, toast } from "../dom";
import { fmt, timeEl, timeZone } from "../format";
import type { Render } from "../router";
import type { DeadLetterPage, PipelineStatus } from "../types";

const refreshMs = 2000;

function metric(label: string, value: string, testId: string, warn = false): HTMLElement {
  return h("div", { class: `stat${warn ? " warn" : ""}`, "data-testid": testId }, h("p", { class: "stat-label" }, label), h("p", { class: "stat-value" }, value));
}

export const render: Render = (main) => {
  const updated = h("p", { class: "muted", "aria-live": "off" });
  const status = h("div", {}, loading("the pipeline"));
  const dlq = h("section", { class: "card", "aria-labelledby": "dlq-title" });
  clear(main, h("div", { class: "page-head" }, h("h1", {}, "Pipeline"), updated), status, dlq);
  const selected = new Set<string>();
  let timer: number | undefined;
  let stopped = false;

  async function refresh(): Promise<void> {
    try {
      const [s, dead] = await Promise.all([api.pipeline(), api.deadLetters(null)]);
      if (stopped) return;
      showStatus(s);
      showDlq(dead);
      updated.textContent = `Refreshes every ${refreshMs / 1000} s · last ${fmt.time(new Date().toISOString())} (${timeZone})`;
    } catch (err) {
      if (!stopped) clear(status, failure(err, () => void refresh()));
    }
    if (!stopped) timer = window.setTimeout(() => void refresh(), refreshMs);
  }

  function showStatus(s: PipelineStatus): void {
    const loss = s.redis_data_loss;
    clear(status,
      h("div", { class: "stats-row" },
        metric("Stream length", fmt.int(s.stream_length), "stream-length"),
        metric("Pending", fmt.int(s.pending), "pending"),
        metric("Lag", s.lag === null ? "–" : fmt.int(s.lag), "lag"),
        metric("Throughput", `${fmt.num(s.throughput_per_second)}/s`, "throughput"),
        metric("Dead letters", fmt.int(s.dead_letter_length), "dead-letters", s.dead_letter_length > 0),
        metric("Buffered in api", fmt.int(s.buffered_in_api), "buffered"),
        metric("Dropped in api", fmt.int(s.dropped_in_api), "dropped", s.dropped_in_api > 0),
        s.live_connections_in_api === undefined ? null
          : metric("Live streams open", `${fmt.int(s.live_connections_in_api)}${s.live_gaps_in_api ? ` (${fmt.int(s.live_gaps_in_api)} gaps)` : ""}`, "live-connections")),
      h("div", {},
        h("section", { class: "card", "aria-labelledby": "workers-title" }, h("h2", { id: "workers-title" }, "Workers"),
          s.workers.length === 0 ? empty("No worker has sent a heartbeat.") : h("div", { class: "table-wrap" }, h("table", {},
            h("thead", {}, h("tr", {}, ["Consumer", "Heartbeat", "Last batch", "Processed", "Dead-lettered", "Throughput"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, s.workers.map((w) => h("tr", {},
              h("td", { "data-label": "Consumer" }, h("code", {}, w.consumer)),
              h("td", { "data-label": "Heartbeat" }, timeEl(w.at, "ago")),
              h("td", { "data-label": "Last batch" }, w.last_batch_at ? [timeEl(w.last_batch_at, "ago"), ` (${fmt.int(w.last_batch_size)})`] : "–"),
              h("td", { "data-label": "Processed", class: "num" }, fmt.int(w.processed)),
              h("td", { "data-label": "Dead-lettered", class: "num" }, fmt.int(w.dead_lettered)),
              h("td", { "data-label": "Throughput", class: "num" }, `${fmt.num(w.throughput)}/s`))))))),
        h("section", { class: "card", "aria-labelledby": "consumers-title" }, h("h2", { id: "consumers-title" }, "Consumers"),
          s.consumers.length === 0 ? empty("The consumer group has no consumers.") : h("div", { class: "table-wrap" }, h("table", {},
            h("thead", {}, h("tr", {}, ["Name", "Pending", "Idle"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, s.consumers.map((c) => h("tr", {},
              h("td", { "data-label": "Name" }, h("code", {}, c.name)),
              h("td", { "data-label": "Pending", class: "num" }, fmt.int(c.pending)),
              h("td", { "data-label": "Idle", class: "num" }, fmt.ms(c.idle_ms))))))))),
      h("section", { class: "card", "aria-labelledby": "loss-title" }, h("h2", { id: "loss-title" }, "Redis data loss"),
        !loss || loss.incidents === 0 ? empty("No incident: Redis has kept every click the api sent.") : h("dl", { class: "facts" },
          h("dt", {}, "Incidents"), h("dd", {}, fmt.int(loss.incidents)),
          h("dt", {}, "Clicks lost"), h("dd", {}, fmt.int(loss.clicks_lost)),
          h("dt", {}, "Clicks sent again"), h("dd", {}, fmt.int(loss.clicks_resent)),
          h("dt", {}, "Possibly lost"), h("dd", {}, fmt.int(loss.clicks_possibly_lost)),
          h("dt", {}, "Last detected"), h("dd", {}, loss.last_detected_at ? timeEl(loss.last_detected_at) : "–"))));
  }

  function showDlq(page: DeadLetterPage): void {
    // Keep the person's selection across refreshes, minus entries that have gone.
    const ids = new Set(page.entries.map((e) => e.id));
    [...selected].forEach((id) => ids.has(id) || selected.delete(id));
    const replay = h("button", { type: "button", class: "primary", disabled: selected.size === 0 }, `Replay selected (${selected.size})`);
    replay.addEventListener("click", async () => {
      replay.disabled = true;
      try {
        const result = await api.replay([...selected]);
        toast(`Replayed ${fmt.int(result.replayed)} entries into the click stream.`);
        selected.clear();
        window.clearTimeout(timer);
        void refresh();
      } catch (err) {
        toast(err instanceof Error ? err.message : String(err));
        replay.disabled = false;
      }
    });
    clear(dlq, h("div", { class: "section-head" }, h("h2", { id: "dlq-title" }, `Dead-letter queue (${fmt.int(page.total)})`), replay),
      page.entries.length === 0 ? empty("The dead-letter queue is empty.") : h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Select")),
          ["Entry", "Failed", "Error", "Fields"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, page.entries.map((e) => {
          const box = h("input", { type: "checkbox", checked: selected.has(e.id), "aria-label": `Select ${e.id}` });
          box.addEventListener("change", () => {
            if (box.checked) selected.add(e.id);
            else selected.delete(e.id);
            replay.disabled = selected.size === 0;
            replay.textContent = `Replay selected (${selected.size})`;
          });
          return h("tr", {},
            h("td", {}, box),
            h("td", { "data-label": "Entry" }, h("code", {}, e.id)),
            h("td", { "data-label": "Failed" }, e.failed_at ? timeEl(e.failed_at) : "–"),
            h("td", { "data-label": "Error" }, e.error ?? "–"),
            h("td", { "data-label": "Fields" }, h("code", { class: "fields" }, Object.keys(e.fields).join(", "))));
        })))));
  }

  void refresh();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
};
