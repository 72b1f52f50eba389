import "./styles.css";
import { api, ApiError, onSignedOut } from "./api";
import { clear, failure, field, h, loading } from "./dom";
import { base, match, route, type Render, type Route } from "./router";
import type { Session } from "./types";

const routes: Route[] = [
  route("", "Links", () => import("./pages/links")),
  route("/links/:slug", "Link statistics", () => import("./pages/link-stats")),
  route("/tags", "Tags", () => import("./pages/tags")),
  route("/tags/:tag", "Tag statistics", () => import("./pages/tag-stats")),
  route("/sites", "Sites", () => import("./pages/sites")),
  route("/sites/:site_id", "Site", () => import("./pages/site")),
  route("/webhooks", "Webhooks", () => import("./pages/webhooks")),
  route("/pipeline", "Pipeline", () => import("./pages/pipeline"), true),
];

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const account = document.getElementById("account")!;
let session: Session | null = null;
let cleanup: (() => void) | void;

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void show();
}

function renderNav(current: string): void {
  const items: [string, string, boolean][] = [
    [`${base}`, "Links", true],
    [`${base}/tags`, "Tags", true],
    [`${base}/sites`, "Sites", true],
    [`${base}/webhooks`, "Webhooks", true],
    [`${base}/pipeline`, "Pipeline", session?.admin === true],
  ];
  clear(nav, h("ul", {}, items.filter(([, , shown]) => shown && session?.signed_in).map(([href, label]) => {
    const active = href === base ? current === base || current === `${base}/` || current.startsWith(`${base}/links/`) : current.startsWith(href);
    return h("li", {}, h("a", { href, "aria-current": active ? "page" : null }, label));
  })));
  clear(account, session?.signed_in
    ? [h("span", { class: "who" }, session.admin ? "Admin" : `User ${session.user_id}`),
       h("button", { type: "button", class: "link-button", onclick: () => void signOut() }, "Sign out")]
    : []);
}

async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } finally {
    session = null;
    void show();
  }
}

function renderSignIn(): void {
  document.title = "Sign in · Shortener";
  const input = h("input", { type: "password", name: "api_key", autocomplete: "off", required: true, spellcheck: "false" });
  const keyField = field("API key", input, "Paste the key the AppHost printed, or one from POST /api-keys. It is kept in an HttpOnly cookie, never in this page.");
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { class: "card signin", novalidate: true }, h("h1", {}, "Sign in"), keyField.wrap, h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    keyField.setError(undefined);
    if (!input.value.trim()) return keyField.setError("Paste an API key.");
    submit.disabled = true;
    try {
      await api.signIn(input.value.trim());
      input.value = "";
      session = await api.session();
      await show();
    } catch (err) {
      keyField.setError(err instanceof ApiError ? (err.field("api_key") ?? err.message) : String(err));
      input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  clear(main, form);
  input.focus();
}

async function show(): Promise<void> {
  if (cleanup) cleanup();
  cleanup = undefined;
  // The page's code loads while the session is asked for: one round trip fewer before the page can draw.
  const early = match(routes, location.pathname);
  const code = early?.route.load();
  code?.catch(() => undefined);
  try {
    session ??= await api.session();
  } catch (err) {
    renderNav(location.pathname);
    clear(main, failure(err, () => void show()));
    return;
  }
  renderNav(location.pathname);
  if (!session.signed_in) return renderSignIn();
  const found = match(routes, location.pathname);
  if (!found) {
    document.title = "Not found · Shortener";
    clear(main, h("h1", {}, "Page not found"), h("p", {}, h("a", { href: base }, "Go to your links")));
    return;
  }
  document.title = `${found.route.title} · Shortener`;
  if (found.route.admin && !session.admin) {
    clear(main, h("h1", {}, found.route.title), h("p", { class: "state empty" }, "Only an admin may see this page."));
    return;
  }
  clear(main, loading("the page"));
  const target = location.pathname;
  let page: { render: Render };
  try {
    page = await (code ?? found.route.load());
  } catch (err) {
    clear(main, failure(err, () => location.reload()));
    return;
  }
  // The person may have moved on while the page's code was loading.
  if (target !== location.pathname) return;
  main.replaceChildren();
  cleanup = page.render(main, { session, params: found.params, navigate });
  main.focus({ preventScroll: true });
}

// Links inside the dashboard route in the page; everything else (downloads, other tabs) goes to the browser.
document.addEventListener("click", (e) => {
  const a = (e.target as Element | null)?.closest("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href, location.href);
  if (a.target || a.hasAttribute("download") || url.origin !== location.origin || !url.pathname.startsWith(base)) return;
  e.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) navigate(url.pathname + url.search);
});
window.addEventListener("popstate", () => void show());
onSignedOut(() => {
  session = null;
  void show();
});

void show();
