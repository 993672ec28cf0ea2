import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import { db, type Db } from "../db";
import { getFiring, sqlTime, type Firing } from "./history";
import { emailMessage, publicUrl, TEST_TEXT, webhookPayload } from "./message";
import { listChannels, type AlertChannel } from "./rules";

/**
 * Sending alerts to webhooks and mail. Every delivery is a row: claimed (pending → sending) by exactly
 * one sender, tried up to `attempts` times with exponential backoff (Retry-After honoured), and left
 * sent or failed with its last error: never silently lost. A sender that dies mid-send leaves the row
 * "sending"; after STALE_MS another pass takes it up again.
 */
export interface DeliverySettings {
  timeoutMs: number;
  retryBaseMs: number;
  attempts: number;
  env: Record<string, string | undefined>;
}

export function deliverySettings(env: Record<string, string | undefined> = process.env): DeliverySettings {
  const n = (v: string | undefined, fallback: number) => (v != null && v !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);
  return {
    timeoutMs: n(env.TOKENTALLY_WEBHOOK_TIMEOUT_MS, 10_000),
    retryBaseMs: n(env.TOKENTALLY_ALERT_RETRY_BASE_MS, 2_000),
    attempts: Math.max(1, n(env.TOKENTALLY_ALERT_ATTEMPTS, 4)),
    env,
  };
}

const STALE_MS = 10 * 60_000;
const MAX_RETRY_AFTER_MS = 60_000;

class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

/** The signature header's value: HMAC-SHA256 of the raw body with the webhook's secret, in hex. */
export const signBody = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
export const SIGNATURE_HEADER = "X-Tokentally-Signature-256";

async function postWebhook(channel: AlertChannel, payload: unknown, s: DeliverySettings, deliveryId: string): Promise<void> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Tokentally", "x-tokentally-delivery": deliveryId };
  if (channel.secret) headers[SIGNATURE_HEADER] = signBody(channel.secret, body);
  let res: Response;
  try {
    res = await fetch(channel.target, { method: "POST", headers, body, signal: AbortSignal.timeout(s.timeoutMs), redirect: "manual" });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === "TimeoutError") throw new DeliveryError(`no answer within ${s.timeoutMs} ms`, false);
    throw new DeliveryError(`could not reach ${new URL(channel.target).host}: ${err.cause?.code ?? err.cause?.message ?? err.message}`, false);
  }
  const text = (await res.text().catch(() => "")).slice(0, 200).trim();
  if (res.ok) return;
  const reason = `webhook answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${text ? `: ${text}` : ""}`;
  const transient = res.status === 408 || res.status === 429 || res.status >= 500;
  const retryAfter = Number(res.headers.get("retry-after"));
  throw new DeliveryError(reason, !transient, Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : undefined);
}

/** SMTP from the environment: SMTP_HOST, SMTP_PORT, SMTP_TLS (tls | starttls | none), SMTP_USER, SMTP_PASSWORD, SMTP_FROM. */
export function smtpSettings(env: Record<string, string | undefined>) {
  if (!env.SMTP_HOST) return null;
  const port = Number(env.SMTP_PORT ?? 587);
  const tls = (env.SMTP_TLS ?? (port === 465 ? "tls" : "starttls")).toLowerCase();
  return {
    host: env.SMTP_HOST,
    port,
    secure: tls === "tls",
    requireTLS: tls === "starttls" && env.SMTP_TLS != null,
    ignoreTLS: tls === "none",
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
    from: env.SMTP_FROM ?? `Tokentally <tokentally@${env.SMTP_HOST}>`,
  };
}

async function sendMail(channel: AlertChannel, msg: { subject: string; text: string; html: string }, s: DeliverySettings): Promise<void> {
  const smtp = smtpSettings(s.env);
  if (!smtp) throw new DeliveryError("email is not configured: set SMTP_HOST (and SMTP_PORT, SMTP_TLS, SMTP_USER, SMTP_PASSWORD, SMTP_FROM)", true);
  const { from, ...options } = smtp;
  const transport = nodemailer.createTransport({ ...options, connectionTimeout: s.timeoutMs, greetingTimeout: s.timeoutMs, socketTimeout: s.timeoutMs });
  try {
    await transport.sendMail({ from, to: channel.target, ...msg });
  } catch (e) {
    const err = e as Error & { responseCode?: number; code?: string };
    // 5xx: the server refused for good (bad address, auth); anything else may pass later
    throw new DeliveryError(`mail not sent: ${err.message}`, (err.responseCode ?? 0) >= 500 || err.code === "EAUTH");
  } finally {
    transport.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tries `send` up to s.attempts times; calls `onAttempt` after each try. */
async function withRetries(send: () => Promise<void>, s: DeliverySettings, onAttempt: (error: string | null) => void): Promise<{ ok: boolean; error?: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      onAttempt(null);
      return { ok: true };
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message, false);
      onAttempt(err.message);
      if (err.permanent || attempt >= s.attempts) return { ok: false, error: attempt > 1 ? `${err.message} (gave up after ${attempt} attempts)` : err.message };
      await sleep(err.retryAfterMs ?? s.retryBaseMs * 2 ** (attempt - 1));
    }
  }
}

function sendFiring(channel: AlertChannel, firing: Firing, s: DeliverySettings, deliveryId: number) {
  return channel.kind === "webhook"
    ? () => postWebhook(channel, webhookPayload(firing, s.env), s, String(deliveryId))
    : () => sendMail(channel, emailMessage(firing, s.env), s);
}

/** Sends every pending delivery (and any left "sending" by a sender that died). Returns what happened. */
export async function dispatchPending(d: Db = db(), s: DeliverySettings = deliverySettings(), opts: { ids?: number[] } = {}): Promise<{ sent: number; failed: number }> {
  const now = () => sqlTime(new Date());
  const stale = sqlTime(new Date(Date.now() - STALE_MS));
  const takeable = `(status = 'pending' OR (status = 'sending' AND updated_at < ?))`;
  const ids = opts.ids ?? (d.sqlite.prepare(`SELECT id FROM alert_delivery WHERE ${takeable} ORDER BY id`).all(stale) as { id: bigint }[]).map((r) => Number(r.id));
  const claim = d.sqlite.prepare(`UPDATE alert_delivery SET status = 'sending', updated_at = ? WHERE id = ? AND ${takeable}`);
  const attempt = d.sqlite.prepare(`UPDATE alert_delivery SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?`);
  const done = d.sqlite.prepare(`UPDATE alert_delivery SET status = ?, last_error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, updated_at = ? WHERE id = ?`);
  const channels = new Map(listChannels(d).map((c) => [c.id, c]));
  let sent = 0, failed = 0;
  await Promise.all(ids.map(async (id) => {
    if (claim.run(now(), id, stale).changes === 0) return; // another sender has it
    const row = d.sqlite.prepare(`SELECT firing_id, channel_id FROM alert_delivery WHERE id = ?`).get(id) as { firing_id: bigint; channel_id: bigint | null };
    const channel = row.channel_id == null ? undefined : channels.get(Number(row.channel_id));
    const firing = getFiring(Number(row.firing_id), d)!;
    const result = channel
      ? await withRetries(sendFiring(channel, firing, s, id), s, (error) => attempt.run(error, now(), id))
      : { ok: false, error: "the channel was deleted" };
    done.run(result.ok ? "sent" : "failed", result.ok ? null : result.error, result.ok ? "sent" : "failed", now(), now(), id);
    if (result.ok) sent++;
    else failed++;
  }));
  return { sent, failed };
}

/** Sends a failed or held (quiet) delivery again, now. */
export async function retryDelivery(id: number, d: Db = db(), s: DeliverySettings = deliverySettings()) {
  const changed = d.sqlite.prepare(`UPDATE alert_delivery SET status = 'pending', updated_at = ? WHERE id = ? AND status IN ('failed', 'quiet')`).run(sqlTime(new Date()), id).changes;
  if (!changed) throw new Error(`delivery #${id} is not failed or held`);
  return dispatchPending(d, s, { ids: [id] });
}

/** The "send test" action: one message to one channel, retried like any alert; nothing is recorded. */
export async function sendTest(channelId: number, d: Db = db(), s: DeliverySettings = deliverySettings()): Promise<{ ok: boolean; error?: string }> {
  const channel = listChannels(d).find((c) => c.id === channelId);
  if (!channel) return { ok: false, error: `there is no channel #${channelId}` };
  const link = `${publicUrl(s.env)}/alerts`;
  const send = channel.kind === "webhook"
    ? () => postWebhook(channel, { text: `${TEST_TEXT} <${link}|Open in Tokentally>`, event: "test", channel: channel.name, link }, s, "test")
    : () => sendMail(channel, { subject: "[Tokentally] Test message", text: `${TEST_TEXT}\n\n${link}\n`, html: `<p>${TEST_TEXT}</p><p><a href="${link}">Open in Tokentally</a></p>` }, s);
  return withRetries(send, s, () => {});
}
