// The parts of the link form for what a link does beyond its url (issue 15): title, tags, UTM, redirect rules and A/B
// variants. Each input is an error slot under the name the API gives its problem (rules[1].url, variants[0].weight,
// utm.source), so the form puts every field error next to its field.
import { group, field, h, type ErrorSlot } from "./dom";
import { isoToLocal, localToIso, timeZone } from "./format";
import type { Link, LinkExtras, LinkUtm, LinkVariant, RedirectRule, RuleConditions } from "./types";

export const maxRules = 20;
const maxVariants = 10;
const devices = ["desktop", "mobile", "tablet", "ios", "android"] as const;
const utmNames = ["source", "medium", "campaign", "term", "content"] as const;

/** "DE, at fr" → ["DE", "at", "fr"]: lists are typed separated by commas or spaces. */
const words = (value: string) => value.split(/[\s,]+/).filter(Boolean);

function parseQuery(value: string): Record<string, string> | undefined {
  const pairs = value.split("&").map((p) => p.trim()).filter(Boolean);
  if (pairs.length === 0) return undefined;
  const query: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    query[at < 0 ? pair : pair.slice(0, at).trim()] = at < 0 ? "" : pair.slice(at + 1).trim();
  }
  return query;
}

const formatQuery = (query: Record<string, string> | null | undefined) =>
  query ? Object.entries(query).map(([k, v]) => `${k}=${v}`).join("&") : "";

interface Row<R> {
  wrap: HTMLFieldSetElement;
  read: () => R;
  /** The row's error slots under the API's names, for the index it has now. */
  slots: (at: string) => Record<string, ErrorSlot>;
  renumber: (n: number, count: number) => void;
}

/** A list of rows that can be added, removed and moved; rows are numbered from 1 and named by index for the API. */
function rowList<R>(name: string, max: number, make: (value?: R) => Row<R>, onChange: () => void = () => undefined) {
  let rows: Row<R>[] = [];
  const host = h("div", { class: "rows" });
  const add = h("button", { type: "button" }, `Add ${name}`);
  const sync = () => {
    host.replaceChildren(...rows.map((r) => r.wrap));
    rows.forEach((r, i) => r.renumber(i + 1, rows.length));
    add.disabled = rows.length >= max;
    add.title = rows.length >= max ? `A link has at most ${max}.` : "";
    onChange();
  };
  const list = {
    host,
    add,
    rows: () => rows,
    set(values: R[]) {
      rows = values.map((v) => make(v));
      sync();
    },
    move(row: Row<R>, by: number, focus: HTMLElement) {
      const from = rows.indexOf(row);
      const to = from + by;
      if (to < 0 || to >= rows.length) return;
      rows.splice(from, 1);
      rows.splice(to, 0, row);
      sync();
      // Moving the row in the page drops the focus: give it back to the button pressed, or its twin at the edge.
      (focus.hasAttribute("disabled") ? row.wrap.querySelector<HTMLButtonElement>(".row-buttons button:not([disabled])") ?? focus : focus).focus();
    },
    remove(row: Row<R>) {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      sync();
      (rows[Math.min(at, rows.length - 1)]?.wrap.querySelector("input") ?? add).focus();
    },
  };
  add.addEventListener("click", () => {
    rows.push(make());
    sync();
    rows[rows.length - 1]!.wrap.querySelector("input")?.focus();
  });
  return list;
}

/** Move up, move down and remove, named for the row they act on. */
function rowActions(kind: string, onMove: (by: number, focus: HTMLElement) => void, onRemove: () => void) {
  const up = h("button", { type: "button" }, "↑");
  const down = h("button", { type: "button" }, "↓");
  const remove = h("button", { type: "button", class: "danger" }, "Remove");
  up.addEventListener("click", () => onMove(-1, up));
  down.addEventListener("click", () => onMove(1, down));
  remove.addEventListener("click", onRemove);
  return {
    wrap: h("div", { class: "row-buttons" }, up, down, remove),
    renumber(n: number, count: number) {
      up.setAttribute("aria-label", `Move ${kind} ${n} up`);
      down.setAttribute("aria-label", `Move ${kind} ${n} down`);
      remove.setAttribute("aria-label", `Remove ${kind} ${n}`);
      up.disabled = n === 1;
      down.disabled = n === count;
    },
  };
}

export interface ExtrasEditor {
  /** The sections to place in the form. */
  details: HTMLDetailsElement[];
  /** The values as the API takes them, null where a part is empty. */
  read: () => Required<{ [K in keyof LinkExtras]: LinkExtras[K] }>;
  /** Every error slot, under the API's names for the rows as they are now. */
  slots: () => Record<string, ErrorSlot>;
  reset: () => void;
}

export function extrasEditor(link?: Link): ExtrasEditor {
  const title = h("input", { type: "text", name: "title", value: link?.title ?? "" });
  const tags = h("input", { type: "text", name: "tags", autocomplete: "off", spellcheck: "false", placeholder: "launch, newsletter",
    value: link?.tags?.join(", ") ?? "" });
  const titleField = field("Title", title);
  const tagsField = field("Tags", tags, "Up to 10 of a–z, 0–9, _ and -, separated by commas or spaces.");

  const utmInputs = utmNames.map((n) => h("input", { type: "text", name: `utm_${n}`, autocomplete: "off", value: link?.utm?.[n] ?? "" }));
  const utmFields = utmNames.map((n, i) => field(`UTM ${n}`, utmInputs[i]!));
  const override = h("input", { type: "checkbox", name: "utm_override", checked: link?.utm?.override === true });
  const utmGroup = group("UTM parameters", [
    h("p", { class: "hint" }, "Added to the target at the redirect."),
    h("div", { class: "grid" }, utmFields.map((f) => f.wrap)),
    h("label", { class: "check" }, override, "Replace UTM parameters the target already has"),
  ]);

  // Rules: an ordered list, the first that matches wins.
  const rules = rowList<RedirectRule>("rule", maxRules, ruleRow);
  function ruleRow(rule?: RedirectRule): Row<RedirectRule> {
    const when: RuleConditions = rule?.when ?? {};
    const url = h("input", { type: "url", name: "rule_url", required: true, placeholder: "https://example.com/for-them", value: rule?.url ?? "" });
    const checks = devices.map((d) => h("input", { type: "checkbox", name: "rule_device", value: d, checked: when.device?.includes(d) === true }));
    const deviceGroup = group("Devices", [h("div", { class: "checks" }, devices.map((d, i) => h("label", { class: "check" }, checks[i]!, d)))], { class: "devices" });
    const country = h("input", { type: "text", name: "rule_country", autocomplete: "off", placeholder: "DE, AT", value: when.country?.join(", ") ?? "" });
    const language = h("input", { type: "text", name: "rule_language", autocomplete: "off", placeholder: "fr, pt-BR", value: when.language?.join(", ") ?? "" });
    const query = h("input", { type: "text", name: "rule_query", autocomplete: "off", placeholder: "ref=newsletter", value: formatQuery(when.query) });
    const after = h("input", { type: "datetime-local", name: "rule_after", value: isoToLocal(when.after ?? null) });
    const before = h("input", { type: "datetime-local", name: "rule_before", value: isoToLocal(when.before ?? null) });
    const f = {
      url: field("Send to", url),
      country: field("Countries", country),
      language: field("Languages", language),
      query: field("Query", query),
      after: field(`From (${timeZone})`, after),
      before: field(`Until (${timeZone})`, before),
    };
    const actions = rowActions("rule", (by, focus) => rules.move(row, by, focus), () => rules.remove(row));
    const g = group("", [
      f.url.wrap,
      h("p", { class: "hint" }, "when every condition you fill in holds (a list matches any of its values):"),
      deviceGroup.wrap,
      h("div", { class: "grid" }, f.country.wrap, f.language.wrap, f.query.wrap, f.after.wrap, f.before.wrap),
      actions.wrap,
    ], { class: "row rule" });
    const row: Row<RedirectRule> = {
      wrap: g.wrap,
      read() {
        const w: RuleConditions = {};
        const device = checks.filter((c) => c.checked).map((c) => c.value);
        if (device.length) w.device = device;
        if (words(country.value).length) w.country = words(country.value);
        if (words(language.value).length) w.language = words(language.value);
        const q = parseQuery(query.value);
        if (q) w.query = q;
        const a = localToIso(after.value);
        if (a) w.after = a;
        const b = localToIso(before.value);
        if (b) w.before = b;
        return { when: w, url: url.value.trim() };
      },
      slots: (at) => ({
        [at]: g, [`${at}.when`]: g, [`${at}.url`]: f.url, [`${at}.when.device`]: deviceGroup, [`${at}.when.country`]: f.country,
        [`${at}.when.language`]: f.language, [`${at}.when.query`]: f.query, [`${at}.when.after`]: f.after, [`${at}.when.before`]: f.before,
      }),
      renumber(n, count) {
        g.legend.textContent = `Rule ${n}`;
        actions.renumber(n, count);
      },
    };
    return row;
  }
  const rulesGroup = group("Redirect rules", [
    h("p", { class: "hint" }, `Tried in order at each redirect; the first whose conditions all hold sends the visitor to its URL, otherwise the link's target (or a variant) applies. Up to ${maxRules}.`),
    rules.host, h("div", { class: "actions left" }, rules.add)]);

  // A/B variants: urls with weights summing to 100.
  const sum = h("p", { class: "hint", "aria-live": "polite" });
  const updateSum = () => {
    const count = variants.rows().length;
    const total = variants.rows().reduce((s, r) => s + (Number(r.read().weight) || 0), 0);
    sum.textContent = count === 0 ? "None: every visitor goes to the target." : `The weights add up to ${total}${total === 100 ? "." : "; they must add up to 100."}`;
  };
  const variants = rowList<LinkVariant>("variant", maxVariants, variantRow, updateSum);
  function variantRow(variant?: LinkVariant): Row<LinkVariant> {
    const urlInput = h("input", { type: "url", name: "variant_url", required: true, placeholder: "https://example.com/b", value: variant?.url ?? "" });
    const weightInput = h("input", { type: "number", name: "variant_weight", min: 1, max: 100, step: 1, inputmode: "numeric", value: variant?.weight ?? "" });
    weightInput.addEventListener("input", updateSum);
    const f = { url: field("URL", urlInput), weight: field("Weight (%)", weightInput) };
    const actions = rowActions("variant", (by, focus) => variants.move(row, by, focus), () => variants.remove(row));
    const g = group("", [h("div", { class: "variant-fields" }, f.url.wrap, f.weight.wrap), actions.wrap], { class: "row variant" });
    const row: Row<LinkVariant> = {
      wrap: g.wrap,
      // An empty or broken weight goes as null, so the API names it.
      read: () => ({ url: urlInput.value.trim(), weight: weightInput.value === "" ? (null as unknown as number) : Number(weightInput.value) }),
      slots: (at) => ({ [at]: g, [`${at}.url`]: f.url, [`${at}.weight`]: f.weight }),
      renumber(n, count) {
        g.legend.textContent = `Variant ${n}`;
        actions.renumber(n, count);
      },
    };
    return row;
  }
  const variantsGroup = group("A/B variants", [
    h("p", { class: "hint" }, "Split the visitors no rule sent elsewhere; each visitor keeps the same variant for the day."),
    variants.host, sum, h("div", { class: "actions left" }, variants.add)]);

  const fill = (from?: Link) => {
    rules.set(from?.rules ?? []);
    variants.set(from?.variants ?? []);
  };
  fill(link);

  const details = [
    h("details", { class: "extras" }, h("summary", {}, "Title, tags and UTM"),
      h("div", { class: "grid" }, titleField.wrap, tagsField.wrap), utmGroup.wrap),
    h("details", { class: "extras" }, h("summary", {}, "Redirect rules and A/B variants"), rulesGroup.wrap, variantsGroup.wrap),
  ];
  if (link && (link.title || link.tags?.length || link.utm)) details[0]!.open = true;
  if (link && (link.rules?.length || link.variants?.length)) details[1]!.open = true;

  return {
    details,
    read() {
      const utm: LinkUtm = {};
      utmNames.forEach((n, i) => {
        const v = utmInputs[i]!.value.trim();
        if (v) utm[n] = v;
      });
      const hasUtm = Object.keys(utm).length > 0;
      if (hasUtm && override.checked) utm.override = true;
      const tagWords = words(tags.value.toLowerCase());
      return {
        title: title.value.trim() || null,
        tags: tagWords.length ? tagWords : null,
        utm: hasUtm ? utm : null,
        rules: rules.rows().length ? rules.rows().map((r) => r.read()) : null,
        variants: variants.rows().length ? variants.rows().map((r) => r.read()) : null,
      };
    },
    slots() {
      const all: Record<string, ErrorSlot> = { title: titleField, tags: tagsField, utm: utmGroup, rules: rulesGroup, variants: variantsGroup };
      utmNames.forEach((n, i) => (all[`utm.${n}`] = utmFields[i]!));
      rules.rows().forEach((r, i) => Object.assign(all, r.slots(`rules[${i}]`)));
      variants.rows().forEach((r, i) => Object.assign(all, r.slots(`variants[${i}]`)));
      return all;
    },
    reset() {
      fill(undefined);
      details.forEach((d) => (d.open = false));
    },
  };
}
