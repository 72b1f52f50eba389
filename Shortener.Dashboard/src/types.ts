// The API's shapes as it sends them (snake_case). Sites and webhooks follow their issues (12 and 13).

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  details?: string[];
}

export interface Features {
  live: boolean;
  sites: boolean;
  webhooks: boolean;
}

export interface Session {
  signed_in: boolean;
  user_id: number | null;
  admin: boolean;
  csrf_token: string | null;
  expires_at: string | null;
  features: Features;
}

export interface Link {
  id: number;
  slug: string;
  short_url: string;
  original_url: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  max_clicks: number | null;
  password_protected: boolean;
  owner_id: number | null;
  total_clicks: number;
  title?: string | null;
  tags?: string[];
  /** Empty when the link has none (issue 15). */
  rules?: RedirectRule[];
  variants?: LinkVariant[];
  utm?: LinkUtm | null;
  /** The link job's preview of the target, once fetched. */
  preview?: LinkPreview | null;
  jobs?: LinkJobs | null;
}

export type JobState = "pending" | "done" | "failed";

/** The steps of the link's latest job (fetch the preview, queue its webhooks), with the job's attempts and last error. */
export interface LinkJobs {
  preview: JobState;
  webhooks: JobState;
  attempts: number;
  last_error: string | null;
}

export interface LinkPreview {
  status_code: number | null;
  title: string | null;
  description: string | null;
  image: string | null;
  fetched_at: string | null;
}

export interface LinkPage {
  items: Link[];
  next_cursor: string | null;
}

/** Every condition given must hold; the values inside one condition are alternatives. */
export interface RuleConditions {
  device?: string[];
  country?: string[];
  language?: string[];
  query?: Record<string, string>;
  before?: string;
  after?: string;
}

export interface RedirectRule {
  when: RuleConditions;
  url: string;
}

export interface LinkVariant {
  url: string;
  weight: number;
}

export interface LinkUtm {
  source?: string | null;
  medium?: string | null;
  campaign?: string | null;
  term?: string | null;
  content?: string | null;
  override?: boolean;
}

/** What a link does beyond its url: the same fields on create and on update (where null clears them). */
export interface LinkExtras {
  title?: string | null;
  tags?: string[] | null;
  rules?: RedirectRule[] | null;
  variants?: LinkVariant[] | null;
  utm?: LinkUtm | null;
}

export interface CreateLink extends LinkExtras {
  url: string;
  slug?: string;
  expires_at?: string;
  max_clicks?: number;
  password?: string;
}

/** PUT sends only the fields named; null clears expires_at, max_clicks, password or any of the extras. */
export interface UpdateLink extends LinkExtras {
  url?: string;
  expires_at?: string | null;
  max_clicks?: number | null;
  password?: string | null;
}

export interface LinkFilter {
  q: string;
  tag: string;
  utm_campaign: string;
}

export interface TagSummary {
  tag: string;
  links: number;
  clicks: number;
}

export interface BreakdownItem {
  value: string;
  clicks: number;
}

export interface DailyPoint {
  date: string;
  clicks: number;
  unique_visitors: number;
}

export interface LinkStats {
  slug: string;
  /** GET /tags/{tag}/stats only. */
  tag?: string;
  start: string;
  end: string;
  include_bots: boolean;
  total_clicks: number;
  unique_visitors: number;
  daily: DailyPoint[];
  countries: BreakdownItem[];
  referers: BreakdownItem[];
  devices: BreakdownItem[];
  browsers: BreakdownItem[];
  os: BreakdownItem[];
  /** Issue 15: per matched rule (its index, "(default)" for none), per variant (its index), per UTM value. */
  rules?: BreakdownItem[];
  variants?: BreakdownItem[];
  utm_source?: BreakdownItem[];
  utm_medium?: BreakdownItem[];
  utm_campaign?: BreakdownItem[];
}

export interface HourlyStats {
  slug: string;
  from: string;
  to: string;
  include_bots: boolean;
  total_clicks: number;
  unique_visitors: number;
  hourly: { hour: string; clicks: number; unique_visitors: number }[];
  countries: BreakdownItem[];
  referers: BreakdownItem[];
  devices: BreakdownItem[];
  browsers: BreakdownItem[];
  os: BreakdownItem[];
  /** Issue 15: per matched rule (its index, "(default)" for none), per variant (its index), per UTM value. */
  rules?: BreakdownItem[];
  variants?: BreakdownItem[];
  utm_source?: BreakdownItem[];
  utm_medium?: BreakdownItem[];
  utm_campaign?: BreakdownItem[];
}

export interface ExportStatus {
  id: string;
  slug: string;
  status: "pending" | "running" | "done" | "failed";
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  rows: number | null;
  bytes: number | null;
  error: string | null;
  download_url: string | null;
}

/** One event of the live stream (issue 11). */
export interface LiveClick {
  event_id: string;
  slug: string;
  occurred_at: string;
  country: string | null;
  referrer_host: string | null;
  browser: string | null;
  os: string | null;
  device_type: string | null;
  is_bot: boolean;
}

export interface ConsumerStatus {
  name: string;
  pending: number;
  idle_ms: number;
}

export interface WorkerHeartbeat {
  consumer: string;
  at: string;
  last_batch_at: string | null;
  last_batch_size: number;
  processed: number;
  dead_lettered: number;
  throughput: number;
}

export interface RedisDataLoss {
  incidents: number;
  clicks_lost: number;
  clicks_resent: number;
  clicks_possibly_lost: number;
  last_detected_at: string | null;
}

export interface PipelineStatus {
  stream_length: number;
  pending: number;
  lag: number | null;
  consumers: ConsumerStatus[];
  dead_letter_length: number;
  last_batch_at: string | null;
  last_batch_size: number;
  throughput_per_second: number;
  buffered_in_api: number;
  dropped_in_api: number;
  held_for_replay_in_api: number;
  /** Issue 11: this api instance's open live streams, and the gaps it has sent. */
  live_connections_in_api?: number;
  live_gaps_in_api?: number;
  redis_data_loss: RedisDataLoss | null;
  workers: WorkerHeartbeat[];
}

export interface DeadLetter {
  id: string;
  error: string | null;
  source_id: string | null;
  failed_at: string | null;
  fields: Record<string, string | null>;
}

export interface DeadLetterPage {
  entries: DeadLetter[];
  next: string | null;
  total: number;
}

export interface Site {
  site_id: string;
  name: string | null;
  created_at?: string;
}

export interface SiteStats {
  site_id: string;
  date?: string | null;
  start?: string;
  end?: string;
  total_views: number;
  unique_users: number;
  top_paths: { path: string; views: number }[];
  daily?: { date: string; views: number; unique_users: number }[];
  event_types?: { event_type: string; count: number }[];
}

export const webhookEvents = ["link.created", "link.updated", "link.deleted", "link.clicked"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export interface Webhook {
  id: string | number;
  url: string;
  events: string[];
  slugs: string[] | null;
  enabled: boolean;
  created_at: string;
  secret?: string;
}

export interface WebhookDelivery {
  id: string | number;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}
