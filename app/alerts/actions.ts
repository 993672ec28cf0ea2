"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deliverySettings, retryDelivery, sendTest } from "@/lib/alerts/deliver";
import { acknowledgeFirings } from "@/lib/alerts/history";
import { deleteChannel, deleteRule, listChannels, RuleError, saveChannel, saveRule, setRuleEnabled } from "@/lib/alerts/rules";
import { setBudget } from "@/lib/budget";
import { formatUsd } from "@/lib/money";
import { parseScope, scopeLabel } from "@/lib/scope";

/** What an action says back: on the page (the rule form) or in the address (every other form). */
export interface ActionMessage {
  ok?: string;
  error?: string;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");
const id = (form: FormData) => Number(form.get("id"));

/** Back to the alerts page with a message (works without JavaScript). */
function back(message: ActionMessage, hash = ""): never {
  revalidatePath("/", "layout");
  redirect(`/alerts?${new URLSearchParams(message as Record<string, string>)}${hash}`);
}

export async function saveRuleAction(form: FormData): Promise<ActionMessage> {
  const ruleId = form.get("id") ? Number(form.get("id")) : null;
  try {
    const rule = saveRule({
      name: text(form, "name"), enabled: form.get("enabled") != null, scopeKind: text(form, "scopeKind"), scopeValue: text(form, "scopeValue"),
      kind: text(form, "kind"), unit: text(form, "unit"), levels: text(form, "levels"), minAmount: text(form, "minAmount"),
      sensitivity: text(form, "sensitivity"), quietHours: text(form, "quietHours"), channelIds: form.getAll("channelIds").map(Number),
    }, ruleId);
    revalidatePath("/", "layout");
    return { ok: `${ruleId ? "Saved" : "Created"} the rule “${rule.name}”. It is evaluated after every import and every 10 minutes.` };
  } catch (e) {
    if (e instanceof RuleError) return { error: e.message };
    throw e;
  }
}

export async function toggleRuleAction(form: FormData) {
  const enabled = form.get("enabled") === "1";
  if (!setRuleEnabled(id(form), enabled)) back({ error: `There is no rule #${form.get("id")}.` });
  back({ ok: `Rule #${id(form)} ${enabled ? "enabled" : "disabled"}.` }, "#rules");
}

export async function deleteRuleAction(form: FormData) {
  if (!deleteRule(id(form))) back({ error: `There is no rule #${form.get("id")}.` });
  back({ ok: `Deleted rule #${id(form)}; its alerts stay in the history.` }, "#rules");
}

export async function setBudgetAction(form: FormData) {
  let message: ActionMessage;
  try {
    const scope = parseScope(text(form, "scopeKind"), text(form, "scopeValue"));
    const pico = setBudget(scope, text(form, "amount"));
    message = { ok: pico == null ? `Removed the budget of ${scopeLabel(scope)}.` : `${scopeLabel(scope)}: ${formatUsd(pico)} a month.` };
  } catch (e) {
    message = { error: `Budget not saved: ${(e as Error).message}.` };
  }
  back(message, "#budgets");
}

export async function saveChannelAction(form: FormData) {
  let message: ActionMessage;
  try {
    const ch = saveChannel({ kind: text(form, "kind"), name: text(form, "name"), target: text(form, "target"), secret: text(form, "secret") });
    message = { ok: `Added the ${ch.kind} channel “${ch.name}”. Send it a test to check it.` };
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    message = { error: `Channel not added: ${e.message}.` };
  }
  back(message, "#channels");
}

export async function deleteChannelAction(form: FormData) {
  if (!deleteChannel(id(form))) back({ error: `There is no channel #${form.get("id")}.` });
  back({ ok: `Deleted channel #${id(form)} and took it off every rule.` }, "#channels");
}

export async function sendTestAction(form: FormData) {
  const name = listChannels().find((c) => c.id === id(form))?.name ?? `#${form.get("id")}`;
  const r = await sendTest(id(form), undefined, deliverySettings());
  back(r.ok ? { ok: `Test sent to “${name}”.` } : { error: `Test to “${name}” failed: ${r.error}` }, "#channels");
}

export async function retryDeliveryAction(form: FormData) {
  let message: ActionMessage;
  try {
    const r = await retryDelivery(id(form));
    message = r.sent ? { ok: `Delivery #${id(form)} sent.` } : { error: `Delivery #${id(form)} failed again: its error is in the history.` };
  } catch (e) {
    message = { error: (e as Error).message };
  }
  back(message, "#history");
}

export async function acknowledgeAction(form: FormData) {
  const which = form.get("id") ? id(form) : null;
  const n = acknowledgeFirings(which);
  const to = text(form, "back");
  revalidatePath("/", "layout");
  // the banner's button returns to the page it was pressed on
  if (to.startsWith("/") && !to.startsWith("//")) redirect(to);
  back({ ok: n === 1 ? "Acknowledged 1 alert." : `Acknowledged ${n} alerts.` }, "#open");
}
