import { empty, h } from "./dom";
import { fmt } from "./format";
import { base } from "./router";

/** A total with its change against the previous range of the same length. */
export function statCard(label: string, now: number, before: number | null, testId: string): HTMLElement {
  const change = before === null ? null : fmt.change(now, before);
  const direction = before === null || now === before ? "same" : now > before ? "up" : "down";
  return h("div", { class: "stat", "data-testid": testId },
    h("p", { class: "stat-label" }, label),
    h("p", { class: "stat-value" }, fmt.int(now)),
    before === null ? null : h("p", { class: `stat-change ${direction}` },
      change === null ? "none in the range before" : `${change} vs the range before (${fmt.int(before)})`));
}

/** A ranked list with a bar per row, most first, as the API orders its breakdowns. */
export function ranked(title: string, items: { label: string; value: number }[], testId: string, note?: Node): HTMLElement {
  const max = Math.max(1, ...items.map((i) => i.value));
  const total = items.reduce((sum, i) => sum + i.value, 0);
  return h("section", { class: "card ranked", "data-testid": testId, "aria-label": title },
    h("h3", {}, title),
    items.length === 0 ? empty("Nothing in this range.") : h("ol", {}, items.map((item) => {
      const bar = h("span", { class: "bar", "aria-hidden": "true" });
      // Through CSSOM: the page's policy allows no style attributes.
      bar.style.width = `${(100 * item.value) / max}%`;
      return h("li", { "data-value": item.label },
        bar,
        h("span", { class: "label" }, item.label),
        h("span", { class: "value" }, fmt.int(item.value), h("span", { class: "share" }, total ? ` · ${fmt.num((100 * item.value) / total)}%` : "")));
    })),
    note ?? null);
}

export function dbIpCredit(): HTMLElement {
  return h("p", { class: "credit" }, "Countries from ",
    h("a", { href: "https://db-ip.com", rel: "noopener noreferrer", target: "_blank" }, "IP Geolocation by DB-IP"),
    " (CC BY 4.0).");
}

/** A link's tags, each opening the links that carry it. */
export function tagList(tags: string[]): HTMLElement {
  return h("span", { class: "tags" }, tags.map((t) =>
    h("a", { class: "badge tag", href: `${base}?tag=${encodeURIComponent(t)}`, "aria-label": `Links tagged ${t}` }, t)));
}
