import { budgetsByScope } from "../budget";
import { db, type Db } from "../db";
import { addDays } from "../forecast/projectMonthEnd";
import { formatUsd, type Pico } from "../money";
import { getScopeDaily, getScopeFirstDay, getScopeMonth } from "../queries/getScopeSpend";
import { scopeKey } from "../scope";
import { sqlTime } from "./history";
import { ANOMALY_BASELINE_DAYS, detectAnomaly, percentOf, reachedLevels, type Level } from "./detect";
import { DEFAULT_SENSITIVITY_TENTHS, listChannels, listRules, type AlertRule } from "./rules";

/** Daily and anomaly rules look at today and the two days before it: API usage arrives a day or so late. */
export const RECENT_DAYS = 3;

export interface Crossing {
  period: string;
  valuePico: Pico;
  level: Level;
}

/** The levels of an actual or forecast rule as amounts; null when they are % of a budget that is not set. */
function levelsOf(rule: AlertRule, budgetPico: Pico | null): Level[] | null {
  if (rule.unit === "usd") return rule.levels.map((l) => ({ key: `usd:${l}`, label: formatUsd(l), thresholdPico: l }));
  if (budgetPico == null) return null;
  return rule.levels.map((p) => ({ key: `pct:${p}`, label: `${p}% of the ${formatUsd(budgetPico)} budget`, thresholdPico: percentOf(budgetPico, p) }));
}

/** What a rule finds seen from `today` (YYYY-MM-DD, UTC): every level reached, in every period it watches. */
export function findCrossings(rule: AlertRule, today: string, budgetPico: Pico | null, d: Db = db()): Crossing[] {
  const recent = Array.from({ length: RECENT_DAYS }, (_, i) => addDays(today, i - RECENT_DAYS + 1));
  switch (rule.kind) {
    case "actual":
    case "forecast": {
      const levels = levelsOf(rule, budgetPico);
      if (!levels) return [];
      const month = today.slice(0, 7);
      const m = getScopeMonth(rule.scope, month, today, d);
      const value = rule.kind === "actual" ? m.spentPico : m.forecast?.projectedPico;
      if (value == null) return [];
      return reachedLevels(value, levels).map((level) => ({ period: month, valuePico: value, level }));
    }
    case "daily": {
      const levels = levelsOf(rule, null)!;
      const daily = getScopeDaily(rule.scope, recent[0], addDays(today, 1), d);
      return recent.flatMap((day) => {
        const value = (daily.inference.get(day) ?? 0n) + (daily.training.get(day) ?? 0n);
        return reachedLevels(value, levels).map((level) => ({ period: day, valuePico: value, level }));
      });
    }
    case "anomaly": {
      const firstDay = getScopeFirstDay(rule.scope, d);
      if (firstDay == null) return [];
      const { inference } = getScopeDaily(rule.scope, addDays(recent[0], -ANOMALY_BASELINE_DAYS), addDays(today, 1), d);
      return recent.flatMap((day) => {
        const baseline: Pico[] = [];
        for (let k = ANOMALY_BASELINE_DAYS; k >= 1; k--) {
          const b = addDays(day, -k);
          if (b >= firstDay) baseline.push(inference.get(b) ?? 0n);
        }
        const value = inference.get(day) ?? 0n;
        const v = detectAnomaly(value, baseline, { sensitivityTenths: rule.sensitivityTenths ?? DEFAULT_SENSITIVITY_TENTHS, minAmountPico: rule.minAmountPico ?? 0n });
        if (!v?.anomalous) return [];
        return [{ period: day, valuePico: value, level: { key: "anomaly", label: `far above its usual: over ${formatUsd(v.boundPico)} (28-day median ${formatUsd(v.medianPico)})`, thresholdPico: v.boundPico } }];
      });
    }
  }
}

export interface NewFiring {
  id: number;
  ruleId: number;
  period: string;
  levelKey: string;
}

/**
 * Evaluates every enabled rule and records each level newly reached: once per rule, period and level,
 * whoever evaluates. The unique key (rule, period, level) decides: a second evaluator, a restart or a
 * re-import finds the row there and records nothing. The firing and its deliveries (pending, or quiet
 * inside the rule's quiet period) are written in one transaction, so a firing never lacks its deliveries.
 * Returns the firings this call recorded; sending them is dispatchPending's work.
 */
export function evaluateAlerts(d: Db = db(), opts: { now?: Date } = {}): NewFiring[] {
  const now = opts.now ?? new Date();
  const rules = listRules(d, { enabledOnly: true });
  if (rules.length === 0) return [];
  const today = now.toISOString().slice(0, 10);
  const budgets = budgetsByScope(d);
  const channels = new Map(listChannels(d).map((c) => [c.id, c]));
  const insertFiring = d.sqlite.prepare(
    `INSERT INTO alert_firing (rule_id, rule_name, scope_kind, scope_value, kind, period, level_key, level_label, value_pico, threshold_pico, fired_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, period, level_key) DO NOTHING RETURNING id`,
  );
  const insertDelivery = d.sqlite.prepare(`INSERT INTO alert_delivery (firing_id, channel_id, channel_kind, channel_name, status, updated_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const firedSince = d.sqlite.prepare(`SELECT 1 FROM alert_firing WHERE rule_id = ? AND id <> ? AND fired_at > ? LIMIT 1`);

  const fired: NewFiring[] = [];
  for (const rule of rules) {
    // highest level first: inside a quiet period, the most serious one is the one sent
    const crossings = findCrossings(rule, today, budgets.get(scopeKey(rule.scope)) ?? null, d).sort((a, b) => (a.level.thresholdPico > b.level.thresholdPico ? -1 : 1));
    for (const c of crossings) {
      d.sqlite.transaction(() => {
        const row = insertFiring.get(rule.id, rule.name, rule.scope.kind, rule.scope.value, rule.kind, c.period, c.level.key, c.level.label, c.valuePico, c.level.thresholdPico, sqlTime(now)) as { id: bigint } | undefined;
        if (!row) return; // fired before: once per period per level
        const id = Number(row.id);
        const quiet = rule.quietMinutes != null && firedSince.get(rule.id, id, sqlTime(new Date(now.getTime() - rule.quietMinutes * 60_000))) != null;
        for (const channelId of rule.channelIds) {
          const ch = channels.get(channelId);
          if (ch) insertDelivery.run(id, ch.id, ch.kind, ch.name, quiet ? "quiet" : "pending", sqlTime(now));
        }
        fired.push({ id, ruleId: rule.id, period: c.period, levelKey: c.level.key });
      }).immediate();
    }
  }
  return fired;
}
