import { api, ApiError } from "../api";
import { clear, empty, failure, field, h, loading } from "../dom";
import { timeEl } from "../format";
import { base, type Render } from "../router";
import type { Site } from "../types";

/** Not available until the server has the sites API (issue 12). */
export function unavailable(main: HTMLElement, title: string, what: string): void {
  clear(main, h("div", { class: "page-head" }, h("h1", {}, title)), empty(`This server has no ${what} API yet; this page works once it does.`));
}

export const render: Render = (main, ctx) => {
  if (!ctx.session.features.sites) return unavailable(main, "Sites", "sites");
  const list = h("div", {}, loading("sites"));
  const id = h("input", { type: "text", name: "site_id", required: true, pattern: "[A-Za-z0-9._:-]{1,255}", placeholder: "example.com" });
  const name = h("input", { type: "text", name: "name", placeholder: "optional" });
  const idField = field("Site id", id, "1 to 255 of A–Z, a–z, 0–9, ., _, : and -; your pages send it with each event.");
  const nameField = field("Name", name);
  const formError = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "card", novalidate: true, "aria-labelledby": "site-form" },
    h("h2", { id: "site-form" }, "Register a site"), h("div", { class: "grid" }, idField.wrap, nameField.wrap), formError,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Register")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    idField.setError(undefined);
    nameField.setError(undefined);
    formError.hidden = true;
    try {
      const site = await api.createSite(id.value.trim(), name.value.trim() || null);
      form.reset();
      ctx.navigate(`${base}/sites/${encodeURIComponent(site.site_id)}`);
    } catch (err) {
      if (err instanceof ApiError && (err.field("site_id") || err.status === 409)) idField.setError(err.field("site_id") ?? err.message);
      else if (err instanceof ApiError && err.field("name")) nameField.setError(err.field("name"));
      else {
        formError.hidden = false;
        formError.textContent = err instanceof Error ? err.message : String(err);
      }
    }
  });
  clear(main, h("div", { class: "page-head" }, h("h1", {}, "Sites")), form, h("section", { "aria-label": "Your sites" }, list));

  async function load(): Promise<void> {
    try {
      const sites = await api.sites();
      clear(list, sites.length === 0 ? empty("No sites yet. Register one above.") : h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, ["Site", "Name", "Registered"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, sites.map((s: Site) => h("tr", {},
          h("td", { "data-label": "Site" }, h("a", { href: `${base}/sites/${encodeURIComponent(s.site_id)}` }, s.site_id)),
          h("td", { "data-label": "Name" }, s.name ?? "–"),
          h("td", { "data-label": "Registered" }, s.created_at ? timeEl(s.created_at) : "–")))))));
    } catch (err) {
      clear(list, failure(err, () => void load()));
    }
  }
  void load();
};
