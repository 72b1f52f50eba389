import type { LiveClick } from "./types";

export type LiveState = "connecting" | "live" | "retrying" | "unavailable";

export interface LiveHandlers {
  click: (click: LiveClick) => void;
  gap: () => void;
  state: (state: LiveState, detail?: string) => void;
}

/**
 * Reads the live stream (Server-Sent Events, issue 11) with fetch rather than EventSource: the session cookie goes
 * along, a refusal is told apart from a network drop (EventSource only says "error"), and a reconnect sends
 * Last-Event-ID so nothing is missed while the stream still holds it. Returns the function that stops it.
 */
export function openLive(url: string, on: LiveHandlers): () => void {
  const stop = new AbortController();
  let lastId: string | null = null;
  let delay = 1000;

  const dispatch = (event: string, data: string, id: string | null) => {
    if (id !== null) lastId = id;
    if (event === "gap") on.gap();
    if (event !== "click" || !data) return;
    try {
      on.click(JSON.parse(data) as LiveClick);
    } catch {
      // A line we cannot read is skipped; the next event is independent of it.
    }
  };

  const run = async () => {
    while (!stop.signal.aborted) {
      on.state("connecting");
      try {
        const headers: Record<string, string> = { Accept: "text/event-stream" };
        if (lastId) headers["Last-Event-ID"] = lastId;
        const response = await fetch(url, { headers, credentials: "same-origin", signal: stop.signal, cache: "no-store" });
        const type = response.headers.get("Content-Type") ?? "";
        if (!response.ok || !type.startsWith("text/event-stream") || !response.body) {
          if (response.status >= 500) throw new Error(`The live stream answered ${response.status}.`);
          on.state("unavailable", response.status === 403 ? "You may not watch this link." : `The live stream answered ${response.status}.`);
          return;
        }
        on.state("live");
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        let event = "message";
        let data: string[] = [];
        let id: string | null = null;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let nl: number;
          while ((nl = buffer.search(/\r\n|\n|\r/)) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
            if (line === "") {
              dispatch(event, data.join("\n"), id);
              event = "message";
              data = [];
              id = null;
            } else if (!line.startsWith(":")) {
              const colon = line.indexOf(":");
              const name = colon < 0 ? line : line.slice(0, colon);
              const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (name === "event") event = val;
              else if (name === "data") data.push(val);
              else if (name === "id") id = val;
              else if (name === "retry" && /^\d+$/.test(val)) delay = Number(val);
            }
          }
        }
      } catch (err) {
        if (stop.signal.aborted) return;
        on.state("retrying", err instanceof Error ? err.message : String(err));
      }
      if (stop.signal.aborted) return;
      on.state("retrying");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void run();
  return () => stop.abort();
}
