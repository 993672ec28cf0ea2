// Deterministic usage export generator (seeded): the benchmark's 1M-row file and the tests' large files.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { rng } from "../lib/random";

export const USAGE_HEADER =
  "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_audio_tokens,output_audio_tokens";

const MODELS = [
  "ft:gpt-4o-mini-2024-07-18:acme:support:A1b2C3",
  "ft:gpt-4o-mini-2024-07-18:acme:triage:D4e5F6",
  "ft:gpt-4o-2024-08-06:acme:writer:G7h8I9",
  "ft:gpt-3.5-turbo-0125:acme:legacy:J0k1L2",
  "gpt-4o-mini-2024-07-18",
];

/**
 * Writes `rows` distinct usage buckets: hourly buckets from `startUnix`, each hour split across
 * models × projects × keys × users so that every row has its own natural key.
 */
export async function writeUsageExport(path: string, rows: number, seed = 42, startUnix = 1_767_225_600 /* 2026-01-01 */) {
  const random = rng(seed);
  const out = createWriteStream(path);
  out.write(USAGE_HEADER + "\n");
  const perHour = MODELS.length * 4 * 5 * 10; // models × projects × keys × users
  let buf = "";
  for (let i = 0; i < rows; i++) {
    const hour = Math.floor(i / perHour);
    const k = i % perHour;
    const model = MODELS[k % MODELS.length];
    const project = `proj_${(Math.floor(k / MODELS.length) % 4) + 1}`;
    const key = `key_${(Math.floor(k / (MODELS.length * 4)) % 5) + 1}`;
    const user = `user_${Math.floor(k / (MODELS.length * 20)) + 1}`;
    const start = startUnix + hour * 3600;
    const input = 1000 + Math.floor(random() * 200_000);
    const cached = Math.floor(input * random() * 0.5);
    const output = 100 + Math.floor(random() * 50_000);
    const batch = random() < 0.1 ? "True" : "False";
    const iso = (t: number) => new Date(t * 1000).toISOString().replace(".000Z", "+00:00");
    buf += `${start},${start + 3600},${iso(start)},${iso(start + 3600)},${project},${1 + Math.floor(random() * 50)},${user},${key},${model},${batch},default,${input},${output},${cached},0,0\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows, seed] = process.argv.slice(2);
  if (!path || !rows) {
    console.error("usage: tsx scripts/generate-usage.ts FILE ROWS [SEED]");
    process.exit(2);
  }
  await writeUsageExport(path, Number(rows), seed ? Number(seed) : 42);
}
