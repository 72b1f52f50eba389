import { api, ApiError } from "../api";
import { clear, dialog, empty, failure, field, h, loading, toast } from "../dom";
import { timeEl, timeZone } from "../format";
import type { Render } from "../router";
import { webhookEvents, type Webhook, type WebhookDelivery } from "../types";
import { unavailable } from "./sites";

export const render: Render = (main, ctx) => {
  if (!ctx.session.features.webhooks) return unavailable(main, "Webhooks", "webhooks");
  const list = h("div", {}, loading("webhooks"));
  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://example.com/hooks/shortener" });
  const slugs = h("input", { type: "text", name: "slugs", placeholder: "all links" });
  const urlField = field("Endpoint URL", url);
  const slugsField = field("Only these slugs", slugs, "Comma-separated; leave empty for every link.");
  const boxes = webhookEvents.map((e) => h("input", { type: "checkbox", name: "events", value: e, checked: e !== "link.clicked" }));
  const eventsError = h("p", { class: "field-error", hidden: true });
  const formError = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "card", novalidate: true, "aria-labelledby": "hook-form" },
    h("h2", { id: "hook-form" }, "Add an endpoint"),
    h("div", { class: "grid" }, urlField.wrap, slugsField.wrap),
    h("fieldset", { class: "events" }, h("legend", {}, "Events"), boxes.map((b) => h("label", { class: "check" }, b, b.value)), eventsError),
    formError, h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Add")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    urlField.setError(undefined);
    slugsField.setError(undefined);
    eventsError.hidden = true;
    formError.hidden = true;
    const events = boxes.filter((b) => b.checked).map((b) => b.value);
    const only = slugs.value.split(",").map((s) => s.trim()).filter(Boolean);
    try {
      const hook = await api.createWebhook(url.value.trim(), events, only.length ? only : null);
      form.reset();
      await showSecret(hook, "Endpoint added");
      void load();
    } catch (err) {
      if (err instanceof ApiError && (err.field("url") || err.field("events") || err.field("slugs"))) {
        urlField.setError(err.field("url"));
        slugsField.setError(err.field("slugs"));
        const ev = err.field("events");
        eventsError.hidden = !ev;
        eventsError.textContent = ev ?? "";
      } else {
        formError.hidden = false;
        formError.textContent = err instanceof Error ? err.message : String(err);
      }
    }
  });
  clear(main, h("div", { class: "page-head" }, h("h1", {}, "Webhooks")), form, h("section", { "aria-label": "Endpoints" }, list));

  async function showSecret(hook: Webhook, title: string): Promise<void> {
    await dialog(title, [h("p", {}, "The signing secret is shown only this once. Keep it where your receiver can read it:"),
      h("p", {}, h("code", { class: "secret", "data-testid": "webhook-secret" }, hook.secret ?? "(none returned)"))],
      [{ label: "I have saved it", value: "ok", primary: true }]);
  }

  async function load(): Promise<void> {
    try {
      const hooks = await api.webhooks();
      clear(list, hooks.length === 0 ? empty("No endpoints yet.") : hooks.map(card));
    } catch (err) {
      clear(list, failure(err, () => void load()));
    }
  }

  function card(hook: Webhook): HTMLElement {
    const deliveries = h("div", {});
    const enabled = h("input", { type: "checkbox", checked: hook.enabled });
    enabled.addEventListener("change", async () => {
      try {
        await api.updateWebhook(hook.id, { enabled: enabled.checked });
        toast(enabled.checked ? "Endpoint enabled" : "Endpoint disabled");
      } catch (err) {
        enabled.checked = !enabled.checked;
        toast(err instanceof Error ? err.message : String(err));
      }
    });
    const act = (label: string, run: () => Promise<void>, cls = "") =>
      h("button", { type: "button", class: cls, onclick: () => void run().catch((err: unknown) => toast(err instanceof Error ? err.message : String(err))) }, label);
    const showDeliveries = async () => {
      clear(deliveries, loading("deliveries"));
      try {
        const items = await api.deliveries(hook.id);
        clear(deliveries, items.length === 0 ? empty("No deliveries yet.") : h("div", { class: "table-wrap" }, h("table", {},
          h("caption", { class: "visually-hidden" }, `Deliveries; times in ${timeZone}`),
          h("thead", {}, h("tr", {}, ["Event", "Status", "Attempts", "Last answer", "Next / delivered", ""].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, items.map((d: WebhookDelivery) => h("tr", {},
            h("td", { "data-label": "Event" }, d.event),
            h("td", { "data-label": "Status" }, h("span", { class: `badge ${d.status}` }, d.status)),
            h("td", { "data-label": "Attempts", class: "num" }, String(d.attempts)),
            h("td", { "data-label": "Last answer" }, d.last_status_code ? String(d.last_status_code) : (d.last_error ?? "–")),
            h("td", { "data-label": "Next / delivered" }, d.delivered_at ? timeEl(d.delivered_at) : d.next_attempt_at ? timeEl(d.next_attempt_at) : "–"),
            h("td", {}, d.status === "delivered" ? null : act("Retry", async () => {
              await api.retryDelivery(hook.id, d.id);
              toast("Delivery queued again");
              await showDeliveries();
            }))))))));
      } catch (err) {
        clear(deliveries, failure(err));
      }
    };
    return h("article", { class: "card hook" },
      h("div", { class: "section-head" }, h("h2", {}, h("code", {}, hook.url)), h("label", { class: "check" }, enabled, "Enabled")),
      h("p", { class: "muted" }, hook.events.join(", "), hook.slugs?.length ? ` · only ${hook.slugs.join(", ")}` : " · every link", " · added ", timeEl(hook.created_at)),
      h("div", { class: "actions left" },
        act("Deliveries", showDeliveries),
        act("Send test", async () => {
          await api.testWebhook(hook.id);
          toast("Test event queued");
          await showDeliveries();
        }),
        act("Rotate secret", async () => showSecret(await api.rotateSecret(hook.id), "New secret")),
        act("Delete", async () => {
          if (await dialog("Delete this endpoint?", h("p", {}, hook.url), [{ label: "Cancel", value: "cancel" }, { label: "Delete", value: "delete", danger: true }]) !== "delete") return;
          await api.deleteWebhook(hook.id);
          toast("Endpoint deleted");
          await load();
        }, "danger")),
      deliveries);
  }

  void load();
};
