import { api } from "../api";
import { clear, empty, failure, h, loading } from "../dom";
import { fmt } from "../format";
import { base, type Render } from "../router";
import type { TagSummary } from "../types";

/** The caller's tags (GET /tags), each with its links and their clicks, opening the tag's statistics or its links. */
export const render: Render = (main) => {
  const list = h("div", {}, loading("tags"));
  clear(main,
    h("div", { class: "page-head" }, h("h1", {}, "Tags")),
    h("p", { class: "muted" }, "Clicks are every stored click of the tag's links, bots included, as of the last rollup."),
    h("section", { "aria-label": "Your tags" }, list));

  async function load(): Promise<void> {
    try {
      const tags = await api.tags();
      clear(list, tags.length === 0 ? empty("No tags yet. Give a link tags in its form (Title, tags and UTM).") : h("div", { class: "table-wrap" },
        h("table", { class: "tags-table" },
          h("caption", { class: "visually-hidden" }, "Tags, by name"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Tag"), h("th", { scope: "col", class: "num" }, "Links"), h("th", { scope: "col", class: "num" }, "Clicks"))),
          h("tbody", {}, tags.map((t: TagSummary) => h("tr", { "data-tag": t.tag },
            h("td", { "data-label": "Tag" }, h("a", { href: `${base}/tags/${encodeURIComponent(t.tag)}` }, t.tag)),
            h("td", { "data-label": "Links", class: "num", "data-links": t.links },
              h("a", { href: `${base}?tag=${encodeURIComponent(t.tag)}`, "aria-label": `${fmt.int(t.links)} links tagged ${t.tag}` }, fmt.int(t.links))),
            h("td", { "data-label": "Clicks", class: "num", "data-clicks": t.clicks }, fmt.int(t.clicks))))))));
    } catch (err) {
      clear(list, failure(err, () => void load()));
    }
  }
  void load();
};
