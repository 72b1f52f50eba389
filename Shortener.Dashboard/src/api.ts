import type {
  CreateLink, DeadLetterPage, ExportStatus, HourlyStats, Link, LinkFilter, LinkPage, LinkStats, PipelineStatus, Problem, Session, Site, SiteStats,
  TagSummary, UpdateLink, Webhook, WebhookDelivery,
} from "./types";

/** An answer that was not 2xx, with its problem details when the API sent them. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
  }

  /** The message for one field of a validation problem (the API's names: url, slug, expires_at, …). */
  field(name: string): string | undefined {
    return this.problem.errors?.[name]?.[0];
  }
}

let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();

/** Called when an answer says the session is gone (its key revoked, or it expired). */
export function onSignedOut(listener: () => void): void {
  signedOutListeners.add(listener);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // The session cookie goes with every request; the anti-forgery token only with ours.
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  const response = await fetch(path, init);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  const json: unknown = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const problem: Problem = typeof json === "object" && json !== null ? (json as Problem) : { detail: String(json) };
    if (response.status === 401 && path !== "/auth/session") signedOutListeners.forEach((l) => l());
    throw new ApiError(response.status, problem);
  }
  return json as T;
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const api = {
  async session(): Promise<Session> {
    const session = await request<Session>("GET", "/auth/session");
    csrfToken = session.csrf_token;
    return session;
  },
  signIn: (apiKey: string) => request<void>("POST", "/auth/session", { api_key: apiKey }),
  async signOut(): Promise<void> {
    await request<void>("DELETE", "/auth/session");
    csrfToken = null;
  },

  links: (filter: LinkFilter, cursor: string | null, limit = 20) => request<LinkPage>("GET", `/links${query({ ...filter, cursor, limit })}`),
  link: (slug: string) => request<Link>("GET", `/links/${enc(slug)}`),
  createLink: (body: CreateLink) => request<Link>("POST", "/links", body),
  updateLink: (slug: string, body: UpdateLink) => request<Link>("PUT", `/links/${enc(slug)}`, body),
  deleteLink: (slug: string) => request<void>("DELETE", `/links/${enc(slug)}`),
  qrUrl: (slug: string, format: "svg" | "png") => `/links/${enc(slug)}/qr${query({ format })}`,

  stats: (slug: string, start: string, end: string, includeBots: boolean, signal?: AbortSignal) =>
    request<LinkStats>("GET", `/links/${enc(slug)}/stats${query({ start, end, include_bots: includeBots, top: 10 })}`, undefined, signal),
  hourlyStats: (slug: string, hours: number, before: string | null, includeBots: boolean, signal?: AbortSignal) =>
    request<HourlyStats>("GET", `/links/${enc(slug)}/stats/hourly${query({ hours, before, include_bots: includeBots, top: 10 })}`, undefined, signal),
  async tags(): Promise<TagSummary[]> {
    return (await request<{ items: TagSummary[] }>("GET", "/tags")).items;
  },
  tagStats: (tag: string, start: string, end: string, includeBots: boolean, signal?: AbortSignal) =>
    request<LinkStats>("GET", `/tags/${enc(tag)}/stats${query({ start, end, include_bots: includeBots, top: 10 })}`, undefined, signal),
  startExport: (slug: string) => request<{ id: string; status: string }>("POST", `/links/${enc(slug)}/exports`),
  exportStatus: (id: string) => request<ExportStatus>("GET", `/exports/${enc(id)}`),
  liveUrl: (slug: string | null, includeBots: boolean) =>
    (slug ? `/links/${enc(slug)}/clicks/live` : "/clicks/live") + query({ include_bots: includeBots ? null : false }),

  pipeline: () => request<PipelineStatus>("GET", "/worker/status"),
  deadLetters: (after: string | null, limit = 50) => request<DeadLetterPage>("GET", `/worker/dlq${query({ after, limit })}`),
  replay: (ids: string[]) => request<{ replayed: number }>("POST", "/worker/dlq/replay", { ids }),

  async sites(): Promise<Site[]> {
    const answer = await request<Site[] | { items: Site[] }>("GET", "/sites");
    return Array.isArray(answer) ? answer : answer.items;
  },
  site: (id: string) => request<Site>("GET", `/sites/${enc(id)}`),
  createSite: (site_id: string, name: string | null) => request<Site>("POST", "/sites", { site_id, name }),
  deleteSite: (id: string) => request<void>("DELETE", `/sites/${enc(id)}`),
  siteStats: (id: string, start: string, end: string) =>
    request<SiteStats>("GET", `/api/stats${query({ site_id: id, start, end })}`),

  async webhooks(): Promise<Webhook[]> {
    const answer = await request<Webhook[] | { items: Webhook[] }>("GET", "/webhooks");
    return Array.isArray(answer) ? answer : answer.items;
  },
  createWebhook: (url: string, events: string[], slugs: string[] | null) => request<Webhook>("POST", "/webhooks", { url, events, slugs }),
  updateWebhook: (id: string | number, change: Partial<Pick<Webhook, "url" | "events" | "slugs" | "enabled">>) =>
    request<Webhook>("PATCH", `/webhooks/${enc(String(id))}`, change),
  deleteWebhook: (id: string | number) => request<void>("DELETE", `/webhooks/${enc(String(id))}`),
  rotateSecret: (id: string | number) => request<Webhook>("POST", `/webhooks/${enc(String(id))}/rotate-secret`),
  testWebhook: (id: string | number) => request<unknown>("POST", `/webhooks/${enc(String(id))}/test`),
  async deliveries(id: string | number): Promise<WebhookDelivery[]> {
    const answer = await request<WebhookDelivery[] | { items: WebhookDelivery[] }>("GET", `/webhooks/${enc(String(id))}/deliveries?limit=20`);
    return Array.isArray(answer) ? answer : answer.items;
  },
  retryDelivery: (id: string | number, delivery: string | number) =>
    request<unknown>("POST", `/webhooks/${enc(String(id))}/deliveries/${enc(String(delivery))}/retry`),
};
