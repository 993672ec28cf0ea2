import { db, type Db } from "./db";
import type { JobRow, ParsedItem, UsageRow } from "./formats";
import { startImportRun } from "./ingest/run";
import { addDays } from "./forecast/projectMonthEnd";
import { rng } from "./random";

/**
 * Demo data: 90 days of deterministic usage ending yesterday (UTC), so a new user sees a living
 * dashboard. Four fine-tuned models across three projects and five API keys, a weekly rhythm (weekends
 * at about a third), growth on the support bot, one spike on the writer 20 days ago, a nightly batch
 * job, and two training jobs. Written through the importer like any file: loading it twice adds nothing.
 */
export const DEMO_DAYS = 90;

interface Stream {
  model: string;
  project: string;
  apiKey: string;
  batch?: boolean;
  requests: number; // on a weekday at the start
  input: number; // tokens per request
  cachedShare: number;
  output: number;
  growthPerDay: number;
}

const STREAMS: Stream[] = [
  { model: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xQ2Lm", project: "proj_support", apiKey: "key_support_prod", requests: 34_000, input: 1_200, cachedShare: 0.4, output: 250, growthPerDay: 0.006 },
  { model: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xQ2Lm", project: "proj_support", apiKey: "key_support_staging", requests: 4_000, input: 1_200, cachedShare: 0.1, output: 250, growthPerDay: 0.002 },
  { model: "ft:gpt-4o-mini-2024-07-18:acme:triage:Kp3Vr8", project: "proj_support", apiKey: "key_triage_batch", batch: true, requests: 60_000, input: 600, cachedShare: 0, output: 20, growthPerDay: 0.003 },
  { model: "ft:gpt-4o-2024-08-06:acme:writer:Zt7Hw1", project: "proj_content", apiKey: "key_content_prod", requests: 2_500, input: 1_500, cachedShare: 0.25, output: 700, growthPerDay: 0.002 },
  { model: "ft:gpt-3.5-turbo-0125:acme:legacy-faq:Qa5Nn0", project: "proj_legacy", apiKey: "key_legacy", requests: 6_000, input: 400, cachedShare: 0, output: 150, growthPerDay: -0.004 },
];

const SPIKE = { daysAgo: 20, model: "ft:gpt-4o-2024-08-06:acme:writer:Zt7Hw1", factor: 6 };

const unix = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The demo's items for the 90 days before `today` (YYYY-MM-DD): the same day always gives the same data. */
export function demoItems(today: string): ParsedItem[] {
  const random = rng(90);
  const first = addDays(today, -DEMO_DAYS);
  const items: ParsedItem[] = [];
  for (let i = 0; i < DEMO_DAYS; i++) {
    const day = addDays(first, i);
    const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    for (const s of STREAMS) {
      let volume = s.requests * (1 + s.growthPerDay * i) * (weekend ? 0.35 : 1) * (0.85 + 0.3 * random());
      if (s.model === SPIKE.model && i === DEMO_DAYS - SPIKE.daysAgo) volume *= SPIKE.factor;
      const requests = Math.round(volume);
      const inputTokens = Math.round(requests * s.input * (0.9 + 0.2 * random()));
      const row: UsageRow = {
        bucketStart: unix(day), bucketEnd: unix(day) + 86_400, model: s.model, projectId: s.project, apiKeyId: s.apiKey, userId: "",
        batch: s.batch ?? false, serviceTier: "default", requests, inputTokens,
        cachedTokens: Math.round(inputTokens * s.cachedShare), outputTokens: Math.round(requests * s.output * (0.9 + 0.2 * random())),
      };
      items.push({ kind: "usage", line: null, row });
    }
  }
  const jobs: JobRow[] = [
    { id: "ftjob-demo-support-bot", model: "gpt-4o-mini-2024-07-18", fineTunedModel: STREAMS[0].model, status: "succeeded", trainedTokens: 12_600_000, epochs: 3, finishedAt: unix(addDays(today, -75)) + 13 * 3600 },
    { id: "ftjob-demo-writer", model: "gpt-4o-2024-08-06", fineTunedModel: SPIKE.model, status: "succeeded", trainedTokens: 5_400_000, epochs: 3, finishedAt: unix(addDays(today, -25)) + 9 * 3600 },
  ];
  for (const row of jobs) items.push({ kind: "job", line: null, row });
  return items;
}

/** Loads the demo data (idempotent: natural keys make a second load all duplicates). */
export async function loadDemoData(today = new Date().toISOString().slice(0, 10), d: Db = db()) {
  const items = demoItems(today);
  const run = await startImportRun(d, { name: `Demo data: ${DEMO_DAYS} days to ${addDays(today, -1)}`, sha256: `demo:${today}`, format: "demo" });
  run.commit(items, items.length);
  await run.finish();
  return run.id;
}
