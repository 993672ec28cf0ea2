import { db, type Db } from "../db";
import type { Pico } from "../money";
import type { Scope, ScopeKind } from "../scope";
import type { AlertKind } from "./rules";

/** "2026-11-25 18:04:05" (UTC): how alert times are stored, the form SQLite's CURRENT_TIMESTAMP writes and compares. */
export const sqlTime = (t: Date) => t.toISOString().replace("T", " ").slice(0, 19);

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "quiet";

export interface Delivery {
  id: number;
  firingId: number;
  channelId: number | null;
  channelKind: "webhook" | "email";
  channelName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  sentAt: string | null;
}

export interface Firing {
  id: number;
  ruleId: number | null;
  ruleName: string;
  scope: Scope;
  kind: AlertKind;
  period: string;
  levelKey: string;
  levelLabel: string;
  valuePico: Pico;
  thresholdPico: Pico;
  /** "YYYY-MM-DD HH:MM:SS", UTC */
  firedAt: string;
  acknowledgedAt: string | null;
  deliveries: Delivery[];
}

type Row = Record<string, unknown>;
const deliveryOf = (r: Row): Delivery => ({
  id: Number(r.id), firingId: Number(r.firing_id), channelId: r.channel_id == null ? null : Number(r.channel_id), channelKind: String(r.channel_kind) as Delivery["channelKind"],
  channelName: String(r.channel_name), status: String(r.status) as DeliveryStatus, attempts: Number(r.attempts), lastError: (r.last_error as string | null) ?? null,
  updatedAt: String(r.updated_at), sentAt: (r.sent_at as string | null) ?? null,
});

function withDeliveries(rows: Row[], d: Db): Firing[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const deliveries = (d.sqlite.prepare(`SELECT * FROM alert_delivery WHERE firing_id IN (${ids.map(() => "?").join(",")}) ORDER BY id`).all(...ids) as Row[]).map(deliveryOf);
  return rows.map((r) => ({
    id: Number(r.id), ruleId: r.rule_id == null ? null : Number(r.rule_id), ruleName: String(r.rule_name),
    scope: { kind: String(r.scope_kind) as ScopeKind, value: String(r.scope_value) }, kind: String(r.kind) as AlertKind, period: String(r.period),
    levelKey: String(r.level_key), levelLabel: String(r.level_label), valuePico: r.value_pico as bigint, thresholdPico: r.threshold_pico as bigint,
    firedAt: String(r.fired_at), acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
    deliveries: deliveries.filter((x) => x.firingId === Number(r.id)),
  }));
}

/** Firings newest first; `open` only those not yet acknowledged. */
export function listFirings(d: Db = db(), opts: { open?: boolean; limit?: number } = {}): Firing[] {
  const rows = d.sqlite.prepare(`SELECT * FROM alert_firing ${opts.open ? "WHERE acknowledged_at IS NULL" : ""} ORDER BY id DESC LIMIT ?`).all(opts.limit ?? 200) as Row[];
  return withDeliveries(rows, d);
}

export function getFiring(id: number, d: Db = db()): Firing | null {
  return withDeliveries(d.sqlite.prepare(`SELECT * FROM alert_firing WHERE id = ?`).all(id) as Row[], d)[0] ?? null;
}

export function countOpenFirings(d: Db = db()): number {
  return Number((d.sqlite.prepare(`SELECT count(*) AS n FROM alert_firing WHERE acknowledged_at IS NULL`).get() as { n: bigint }).n);
}

/** Acknowledges one firing, or every open one when `id` is null; returns how many. */
export function acknowledgeFirings(id: number | null, d: Db = db()): number {
  return id == null
    ? d.sqlite.prepare(`UPDATE alert_firing SET acknowledged_at = CURRENT_TIMESTAMP WHERE acknowledged_at IS NULL`).run().changes
    : d.sqlite.prepare(`UPDATE alert_firing SET acknowledged_at = CURRENT_TIMESTAMP WHERE id = ? AND acknowledged_at IS NULL`).run(id).changes;
}
