// A few helpers for building plain, semantic HTML without a framework.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** h("button", {type: "button", onclick: …}, "Save"): attributes, listeners (on…) and children in one call. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = String(value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "number" ? String(child) : child);
  }
}

export function clear(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

/** A labelled form field with a place for its error, tied to the input for screen readers. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): {
  wrap: HTMLDivElement;
  setError: (message: string | undefined) => void;
} {
  input.id ||= uid("f");
  const error = h("p", { class: "field-error", id: `${input.id}-error`, hidden: true });
  const hintEl = hint ? h("p", { class: "hint", id: `${input.id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  const wrap = h("div", { class: "field" }, h("label", { for: input.id }, label), input, hintEl, error);
  return {
    wrap,
    setError(message) {
      error.hidden = !message;
      error.textContent = message ?? "";
      if (message) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-errormessage", error.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-errormessage");
      }
    },
  };
}

/** Anything a problem's field error can be shown on: a field, a group of fields, a whole section. */
export interface ErrorSlot {
  setError: (message: string | undefined) => void;
}

/** A fieldset with a legend and a place for an error that concerns the whole group (a rule, the variants). */
export function group(legend: string | Node, children: (Child | Child[])[], attrs: Attrs = {}): { wrap: HTMLFieldSetElement; legend: HTMLLegendElement } & ErrorSlot {
  const legendEl = h("legend", {}, legend);
  const error = h("p", { class: "field-error", id: uid("g-error"), hidden: true });
  const wrap = h("fieldset", attrs, legendEl, ...children, error);
  return {
    wrap,
    legend: legendEl,
    setError(message) {
      error.hidden = !message;
      error.textContent = message ?? "";
      if (message) {
        wrap.setAttribute("aria-invalid", "true");
        wrap.setAttribute("aria-describedby", error.id);
      } else {
        wrap.removeAttribute("aria-invalid");
        wrap.removeAttribute("aria-describedby");
      }
    },
  };
}

export function loading(what: string): HTMLElement {
  return h("p", { class: "state loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), `Loading ${what}…`);
}

export function empty(message: string): HTMLElement {
  return h("p", { class: "state empty" }, message);
}

export function failure(error: unknown, retry?: () => void): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return h("div", { class: "state error", role: "alert" },
    h("p", {}, message),
    retry ? h("button", { type: "button", onclick: () => retry() }, "Try again") : null);
}

let toastTimer: number | undefined;
/** A short message read out by screen readers (the #toast region is aria-live). */
export function toast(message: string): void {
  const el = document.getElementById("toast");
  if (!el) return;
  el.textContent = message;
  el.classList.add("shown");
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => el.classList.remove("shown"), 3000);
}

/** A modal dialog (the native one: focus is trapped and Escape closes it); resolves with the button pressed. */
export function dialog(title: string, body: Child | Child[], actions: { label: string; value: string; primary?: boolean; danger?: boolean }[]): Promise<string> {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const d = h("dialog", { "aria-labelledby": titleId },
      h("h2", { id: titleId }, title),
      h("div", { class: "dialog-body" }, body),
      h("div", { class: "actions" }, actions.map((a) =>
        h("button", { type: "button", class: a.danger ? "danger" : a.primary ? "primary" : "", onclick: () => d.close(a.value) }, a.label))));
    d.addEventListener("close", () => {
      resolve(d.returnValue || "cancel");
      d.remove();
    });
    document.body.append(d);
    d.showModal();
  });
}
