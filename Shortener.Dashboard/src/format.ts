// Numbers and times in the browser's locale; times in its zone, which is named wherever times are shown.

const locale = navigator.language;
export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const integer = new Intl.NumberFormat(locale);
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const hourOnly = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" });
const utcDay = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
const utcShortDay = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });

export const fmt = {
  int: (n: number) => integer.format(n),
  num: (n: number) => decimal.format(n),
  /** A change as a signed percentage; null when there was nothing before to compare with. */
  change: (now: number, before: number) => (before === 0 ? null : percent.format((now - before) / before)),
  dateTime: (iso: string) => dateTime.format(new Date(iso)),
  time: (iso: string) => time.format(new Date(iso)),
  hour: (ms: number) => hourOnly.format(new Date(ms)),
  /** A UTC day (yyyy-MM-dd) as the locale writes dates. */
  day: (day: string) => utcDay.format(new Date(`${day}T00:00:00Z`)),
  shortDay: (day: string) => utcShortDay.format(new Date(`${day}T00:00:00Z`)),
  bytes(n: number): string {
    const units = ["B", "KB", "MB", "GB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return `${decimal.format(n)} ${units[i]}`;
  },
  ago(iso: string): string {
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    if (Math.abs(seconds) < 60) return relative.format(seconds, "second");
    if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), "minute");
    if (Math.abs(seconds) < 86400) return relative.format(Math.round(seconds / 3600), "hour");
    return relative.format(Math.round(seconds / 86400), "day");
  },
  ms(ms: number): string {
    if (ms < 1000) return `${integer.format(ms)} ms`;
    if (ms < 120_000) return `${decimal.format(ms / 1000)} s`;
    return `${decimal.format(ms / 60_000)} min`;
  },
};

/** A <time> element showing a local date and time, with the zone in its title. */
export function timeEl(iso: string, style: "dateTime" | "time" | "ago" = "dateTime"): HTMLTimeElement {
  const el = document.createElement("time");
  el.dateTime = iso;
  el.textContent = fmt[style](iso);
  el.title = `${fmt.dateTime(iso)} (${timeZone})`;
  return el;
}

/** A datetime-local value (the browser's zone) as ISO 8601 with its offset, as the API takes it. */
export function localToIso(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

export function isoToLocal(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** yyyy-MM-dd of a UTC day, moved by a number of days. */
export function utcDayString(date: Date, addDays = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + addDays));
  return d.toISOString().slice(0, 10);
}

export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

const regionNames = (() => {
  try {
    return new Intl.DisplayNames([locale], { type: "region" });
  } catch {
    return null;
  }
})();

/**
 * A country's name in the browser's language with its ISO code ("Germany (DE)"); the API's (unknown) and (other) stay
 * as they are. No flag emoji: many systems have no font for them and would show two boxes.
 */
export function countryLabel(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let name = code;
  try {
    name = regionNames?.of(code) ?? code;
  } catch {
    // An unassigned code: keep the letters.
  }
  return name === code ? code : `${name} (${code})`;
}
