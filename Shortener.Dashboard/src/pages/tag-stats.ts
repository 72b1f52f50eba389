import { api } from "../api";
import { clear, h } from "../dom";
import { base, type Render } from "../router";
import { statsView } from "../stats-view";

/** A tag's statistics: the same page as a link's, summed over the caller's links with the tag (from the rollups). */
export const render: Render = (main, ctx) => {
  const tag = ctx.params.tag!;
  const controls = h("form", { class: "controls card", "aria-label": "Range" });
  const body = h("div", { class: "stats-body", "aria-live": "polite", "aria-busy": "true" });
  clear(main,
    h("p", { class: "crumbs" }, h("a", { href: `${base}/tags` }, "← Tags")),
    h("div", { class: "page-head" }, h("h1", {}, "Statistics of tag ", h("code", {}, tag))),
    h("p", { class: "muted" }, "Over all of your links with this tag; a visitor of two of them counts twice in unique visitors. ",
      h("a", { href: `${base}?tag=${encodeURIComponent(tag)}` }, "The links")),
    controls, body);
  return statsView(controls, body, { days: (start, end, bots, signal) => api.tagStats(tag, start, end, bots, signal) });
};
