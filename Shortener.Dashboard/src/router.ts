import type { Session } from "./types";

export interface Context {
  session: Session;
  params: Record<string, string>;
  navigate: (path: string) => void;
}

/** A page renders into main and may return a clean-up (timers, streams) run when the person leaves it. */
export type Render = (main: HTMLElement, ctx: Context) => void | (() => void);

export interface Route {
  pattern: RegExp;
  names: string[];
  title: string;
  load: () => Promise<{ render: Render }>;
  admin?: boolean;
}

export const base = "/dashboard";

/** "/links/:slug" → a route whose :names are captured; pages are loaded when first visited. */
export function route(path: string, title: string, load: Route["load"], admin = false): Route {
  const names: string[] = [];
  const source = path.replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { pattern: new RegExp(`^${base}${source}/?$`), names, title, load, admin };
}

export function match(routes: Route[], pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? "")));
    return { route: r, params };
  }
  return null;
}
