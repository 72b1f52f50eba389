import { api, ApiError } from "../api";
import { clear, dialog, empty, failure, field, h, loading, toast, type ErrorSlot } from "../dom";
import { fmt, isoToLocal, localToIso, timeEl, timeZone } from "../format";
import { extrasEditor } from "../link-extras";
import { openLive } from "../live";
import { base, type Render } from "../router";
import type { CreateLink, Link, LinkExtras, LinkFilter, UpdateLink } from "../types";
import { tagList } from "../widgets";

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(`Copied ${text}`);
  } catch {
    toast(`Copy this: ${text}`);
  }
}

/** The link form's fields; create shows them all, edit fills them from the link. */
function linkFields(link?: Link) {
  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://example.com/page", value: link?.original_url ?? "" });
  const slug = h("input", { type: "text", name: "slug", placeholder: "generated", pattern: "[A-Za-z0-9_-]{3,64}", autocomplete: "off" });
  const expires = h("input", { type: "datetime-local", name: "expires_at", value: isoToLocal(link?.expires_at ?? null) });
  const maxClicks = h("input", { type: "number", name: "max_clicks", min: 1, step: 1, inputmode: "numeric", value: link?.max_clicks ?? "" });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password",
    placeholder: link?.password_protected ? "unchanged" : "none" });
  return {
    url, slug, expires, maxClicks, password,
    fields: {
      url: field("Target URL", url),
      slug: field("Custom slug", slug, "3 to 64 of A–Z, a–z, 0–9, _ and -. Leave empty for a generated one."),
      expires_at: field(`Expires (${timeZone})`, expires, "After this the link answers 410."),
      max_clicks: field("Click limit", maxClicks, "After this many redirects the link answers 410."),
      password: field("Password", password, link?.password_protected ? "Leave empty to keep the current password." : "Visitors must type it before they are redirected."),
    } as Record<string, ReturnType<typeof field>>,
  };
}

/**
 * Puts each problem the API named next to its field (the names are the API's: url, rules[1].url, variants[0].weight),
 * opens the folded sections that hold one and moves the focus to the first; what has no field goes to the form's line.
 */
function showProblem(err: unknown, slots: Record<string, ErrorSlot>, formError: HTMLElement, form?: HTMLElement): void {
  Object.values(slots).forEach((f) => f.setError(undefined));
  formError.hidden = true;
  if (err === null) return;
  const unplaced: string[] = [];
  let placed = false;
  if (err instanceof ApiError) {
    for (const [name, messages] of Object.entries(err.problem.errors ?? {})) {
      const slot = slots[name];
      if (slot) slot.setError(messages[0]);
      else unplaced.push(`${name}: ${messages[0] ?? ""}`);
      placed ||= slot !== undefined;
    }
    if (err.status === 409 && slots.slug) {
      slots.slug.setError(err.message);
      placed = true;
    }
    form?.querySelectorAll("[aria-invalid=true]").forEach((el) => {
      const details = el.closest("details");
      if (details) details.open = true;
    });
    const first = form?.querySelector<HTMLElement>("[aria-invalid=true]");
    (first instanceof HTMLFieldSetElement ? first.querySelector<HTMLElement>("input, button") : first)?.focus();
    if (placed && unplaced.length === 0) return;
  }
  formError.hidden = false;
  formError.textContent = unplaced.length ? unplaced.join(" ") : err instanceof Error ? err.message : String(err);
}

/** The extras that differ from the link's (as the editor read them when it opened), null where one was emptied. */
function changedExtras(before: LinkExtras, now: LinkExtras): LinkExtras {
  const change: LinkExtras = {};
  for (const key of Object.keys(now) as (keyof LinkExtras)[])
    if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) Object.assign(change, { [key]: now[key] ?? null });
  return change;
}

/** The list's filters live in the URL (?tag=launch&utm_campaign=spring), so a tag's badge or page can link to them. */
function readFilter(): LinkFilter {
  const q = new URLSearchParams(location.search);
  return { q: "", tag: q.get("tag") ?? "", utm_campaign: q.get("utm_campaign") ?? "" };
}

function writeFilter(filter: LinkFilter): void {
  const q = new URLSearchParams();
  if (filter.tag) q.set("tag", filter.tag);
  if (filter.utm_campaign) q.set("utm_campaign", filter.utm_campaign);
  const search = q.toString();
  history.replaceState(null, "", `${location.pathname}${search ? `?${search}` : ""}`);
}

export const render: Render = (main, ctx) => {
  const filter = readFilter();
  let cursors: (string | null)[] = [null];
  let request = 0;

  const results = h("div", { class: "results" });
  const search = h("input", { type: "search", name: "q", placeholder: "Slug or target contains…" });
  const tagSelect = h("select", { name: "tag" }, h("option", { value: "" }, "All tags"));
  const campaign = h("input", { type: "search", name: "utm_campaign", placeholder: "spring-sale", value: filter.utm_campaign });
  const refilter = () => {
    filter.q = search.value.trim();
    filter.tag = tagSelect.value;
    filter.utm_campaign = campaign.value.trim();
    writeFilter(filter);
    cursors = [null];
    void load();
  };
  let searchTimer: number | undefined;
  const typed = () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(refilter, 250);
  };
  search.addEventListener("input", typed);
  campaign.addEventListener("input", typed);
  tagSelect.addEventListener("change", refilter);
  // The tags to choose from; one named in the URL is kept even before (or if not) the list arrives.
  const tagOption = (tag: string) => h("option", { value: tag, selected: tag === filter.tag }, tag);
  if (filter.tag) tagSelect.append(tagOption(filter.tag));
  void api.tags().then((tags) => {
    tagSelect.replaceChildren(h("option", { value: "" }, "All tags"),
      ...[...new Set([...tags.map((t) => t.tag), ...(filter.tag ? [filter.tag] : [])])].sort().map(tagOption));
    tagSelect.value = filter.tag;
  }, () => undefined);

  const form = createForm(() => {
    cursors = [null];
    void load();
  });

  clear(main,
    h("div", { class: "page-head" }, h("h1", {}, "Links")),
    form,
    h("section", { "aria-labelledby": "links-title" },
      h("div", { class: "section-head" },
        h("h2", { id: "links-title" }, "Your links"),
        h("div", { class: "filters" },
          h("div", { class: "search" }, field("Search", search).wrap),
          field("Filter by tag", tagSelect).wrap,
          field("Filter by UTM campaign", campaign).wrap)),
      results));

  async function load(): Promise<void> {
    const mine = ++request;
    clear(results, loading("links"));
    try {
      const page = await api.links(filter, cursors[cursors.length - 1] ?? null);
      if (mine !== request) return;
      clear(results, page.items.length === 0 ? empty(nothingFound()) : table(page.items), pager(page.next_cursor));
    } catch (err) {
      if (mine === request) clear(results, failure(err, () => void load()));
    }
  }

  function nothingFound(): string {
    const wanted = [
      filter.q ? `whose slug or target contains “${filter.q}”` : "",
      filter.tag ? `tagged ${filter.tag}` : "",
      filter.utm_campaign ? `with UTM campaign “${filter.utm_campaign}”` : "",
    ].filter(Boolean);
    if (wanted.length === 0) return "No links yet. Shorten one above.";
    // Kept as the search alone has always said it.
    if (wanted.length === 1 && filter.q) return `No link's slug or target contains “${filter.q}”.`;
    return `No link ${wanted.join(", ")}.`;
  }

  function pager(next: string | null): HTMLElement {
    return h("nav", { class: "pager", "aria-label": "Pages of links" },
      h("button", { type: "button", disabled: cursors.length === 1, onclick: () => { cursors.pop(); void load(); } }, "← Newer"),
      h("span", {}, `Page ${cursors.length}`),
      h("button", { type: "button", disabled: next === null, onclick: () => { cursors.push(next); void load(); } }, "Older →"));
  }

  function table(links: Link[]): HTMLElement {
    return h("div", { class: "table-wrap" }, h("table", { class: "links" },
      h("caption", { class: "visually-hidden" }, `Links, newest first; created times in ${timeZone}`),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Slug"), h("th", { scope: "col" }, "Target"), h("th", { scope: "col" }, "Tags"), h("th", { scope: "col", class: "num" }, "Clicks"),
        h("th", { scope: "col" }, `Created (${timeZone})`), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
      h("tbody", {}, links.map(row))));
  }

  function row(link: Link): HTMLElement {
    const tr = h("tr", { "data-slug": link.slug },
      h("td", { "data-label": "Slug" }, h("a", { href: `${base}/links/${encodeURIComponent(link.slug)}` }, link.slug),
        link.password_protected ? h("span", { class: "badge", title: "Password protected" }, "🔒", h("span", { class: "visually-hidden" }, "password")) : null,
        link.expires_at ? h("span", { class: "badge" }, "expires ", timeEl(link.expires_at)) : null,
        link.max_clicks ? h("span", { class: "badge" }, `limit ${fmt.int(link.max_clicks)}`) : null,
        link.rules?.length ? h("span", { class: "badge" }, link.rules.length === 1 ? "1 rule" : `${fmt.int(link.rules.length)} rules`) : null,
        link.variants?.length ? h("span", { class: "badge" }, `A/B ×${link.variants.length}`) : null),
      h("td", { "data-label": "Target", class: "target" },
        link.title ? h("span", { class: "link-title" }, link.title) : null,
        h("a", { href: link.original_url, rel: "noopener noreferrer", target: "_blank", title: link.original_url }, link.original_url)),
      h("td", { "data-label": "Tags", class: "tags-cell" }, link.tags?.length ? tagList(link.tags) : h("span", { class: "muted" }, "–")),
      h("td", { "data-label": "Clicks", class: "num", "data-clicks": link.total_clicks }, fmt.int(link.total_clicks)),
      h("td", { "data-label": "Created" }, timeEl(link.created_at)),
      h("td", { class: "row-actions" },
        h("button", { type: "button", onclick: () => void copy(link.short_url), "aria-label": `Copy ${link.short_url}` }, "Copy"),
        h("button", { type: "button", onclick: () => void showQr(link), "aria-label": `QR code of ${link.slug}` }, "QR"),
        h("button", { type: "button", onclick: () => void edit(link), "aria-label": `Edit ${link.slug}` }, "Edit"),
        h("button", { type: "button", class: "danger", onclick: () => void remove(link), "aria-label": `Delete ${link.slug}` }, "Delete")));
    return tr;
  }

  async function remove(link: Link): Promise<void> {
    const answer = await dialog(`Delete ${link.slug}?`,
      h("p", {}, `${link.short_url} will answer 404. Its ${fmt.int(link.total_clicks)} clicks stay in the statistics; the slug cannot be used again.`),
      [{ label: "Cancel", value: "cancel" }, { label: "Delete", value: "delete", danger: true }]);
    if (answer !== "delete") return;
    try {
      await api.deleteLink(link.slug);
      toast(`Deleted ${link.slug}`);
      void load();
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err));
    }
  }

  async function edit(link: Link): Promise<void> {
    const f = linkFields(link);
    const extras = extrasEditor(link);
    const extrasBefore = extras.read();
    const slots = () => ({ ...f.fields, ...extras.slots() });
    const clearPassword = h("input", { type: "checkbox", name: "clear_password" });
    const formError = h("p", { class: "form-error", role: "alert", hidden: true });
    const save = h("button", { type: "submit", class: "primary" }, "Save");
    const editForm = h("form", { class: "stack", novalidate: true },
      f.fields.url!.wrap, f.fields.expires_at!.wrap, f.fields.max_clicks!.wrap, f.fields.password!.wrap,
      link.password_protected ? h("label", { class: "check" }, clearPassword, "Remove the password") : null,
      extras.details,
      formError,
      h("div", { class: "actions" }, h("button", { type: "button", value: "cancel", onclick: () => d.close() }, "Cancel"), save));
    const d = h("dialog", { "aria-label": `Edit ${link.slug}`, class: "wide" }, h("h2", {}, `Edit ${link.slug}`), editForm);
    d.addEventListener("close", () => d.remove());
    editForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const change: UpdateLink = {};
      if (f.url.value !== link.original_url) change.url = f.url.value;
      const expires = localToIso(f.expires.value) ?? null;
      if (f.expires.value !== isoToLocal(link.expires_at)) change.expires_at = expires;
      const max = f.maxClicks.value ? Number(f.maxClicks.value) : null;
      if (max !== link.max_clicks) change.max_clicks = max;
      if (f.password.value) change.password = f.password.value;
      else if (clearPassword.checked) change.password = null;
      Object.assign(change, changedExtras(extrasBefore, extras.read()));
      if (Object.keys(change).length === 0) return d.close();
      save.disabled = true;
      try {
        await api.updateLink(link.slug, change);
        d.close();
        toast(`Saved ${link.slug}`);
        void load();
      } catch (err) {
        showProblem(err, slots(), formError, editForm);
      } finally {
        save.disabled = false;
      }
    });
    document.body.append(d);
    d.showModal();
  }

  async function showQr(link: Link): Promise<void> {
    await dialog(`QR code of ${link.slug}`,
      h("div", { class: "qr" },
        h("img", { src: api.qrUrl(link.slug, "svg"), alt: `QR code for ${link.short_url}`, width: 240, height: 240 }),
        h("p", {}, h("a", { href: api.qrUrl(link.slug, "svg"), download: `${link.slug}.svg` }, "Download SVG"), " · ",
          h("a", { href: api.qrUrl(link.slug, "png"), download: `${link.slug}.png` }, "Download PNG"))),
      [{ label: "Close", value: "close", primary: true }]);
  }

  // With the live stream (issue 11), each row's clicks count up as the worker stores them.
  const stopLive = ctx.session.features.live ? openLive(api.liveUrl(null, true), {
    click: (c) => {
      const cell = results.querySelector<HTMLElement>(`tr[data-slug="${CSS.escape(c.slug)}"] td[data-clicks]`);
      if (!cell) return;
      const n = Number(cell.dataset.clicks ?? "0") + 1;
      cell.dataset.clicks = String(n);
      cell.textContent = fmt.int(n);
    },
    gap: () => undefined,
    state: () => undefined,
  }) : null;

  void load();
  return () => {
    window.clearTimeout(searchTimer);
    stopLive?.();
  };
};

function createForm(created: () => void): HTMLElement {
  const f = linkFields();
  const extras = extrasEditor();
  const slots = () => ({ ...f.fields, ...extras.slots() });
  const formError = h("p", { class: "form-error", role: "alert", hidden: true });
  const result = h("div", { class: "created", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary" }, "Shorten");
  const form = h("form", { class: "card create", novalidate: true, "aria-labelledby": "create-title" },
    h("h2", { id: "create-title" }, "Shorten a link"),
    h("div", { class: "grid" }, f.fields.url!.wrap, f.fields.slug!.wrap),
    h("details", {}, h("summary", {}, "Expiry, click limit, password"),
      h("div", { class: "grid" }, f.fields.expires_at!.wrap, f.fields.max_clicks!.wrap, f.fields.password!.wrap)),
    extras.details,
    formError,
    h("div", { class: "actions" }, submit),
    result);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    showProblem(null, slots(), formError);
    const body: CreateLink = { url: f.url.value.trim() };
    if (f.slug.value.trim()) body.slug = f.slug.value.trim();
    const expires = localToIso(f.expires.value);
    if (expires) body.expires_at = expires;
    if (f.maxClicks.value) body.max_clicks = Number(f.maxClicks.value);
    if (f.password.value) body.password = f.password.value;
    for (const [key, value] of Object.entries(extras.read())) if (value !== null) Object.assign(body, { [key]: value });
    submit.disabled = true;
    try {
      const link = await api.createLink(body);
      form.reset();
      extras.reset();
      clear(result, h("p", {}, "Created ", h("a", { href: `${base}/links/${encodeURIComponent(link.slug)}` }, link.short_url), " ",
        h("button", { type: "button", onclick: () => void copy(link.short_url) }, "Copy")));
      created();
    } catch (err) {
      showProblem(err, slots(), formError, form);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
