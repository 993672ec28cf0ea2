import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runAlerts, settleAlerts } from "../alerts";
import { listFirings } from "../alerts/history";
import { describeFiring } from "../alerts/message";
import { closeDb } from "../db";
import { FORMAT_NAMES, parseMappingSpec, type FormatId } from "../formats";
import { importFile, ImportRefusedError, type ImportResult } from "../ingest/importFile";
import { saveMapping } from "../ingest/mappings";
import { runIngestPass } from "../ingest/pass";
import { allocateCents, formatCents, formatUsd, formatUsdExact, picoPerTokenToPerMillion } from "../money";
import { planFineTune } from "../planning/planner";
import { importLiteLLM, removePrice, savePrice } from "../pricing/changes";
import { listPrices, loadPriceBook, repriceStored, type RepriceReport } from "../pricing/store";
import type { MatchKind, AppliesTo } from "../pricing/priceBook";
import { getMonthReport } from "../queries/getMonthReport";
import { getImport, getImports } from "../queries/getImports";
import { describeCounts, monthReportJson, planJson } from "../reports";
import { progressBar } from "./progress";

const HELP = `Tokentally: what your fine-tuned OpenAI models cost.

Usage: npm run -s tally -- <command> [options] [--json]

  import <files…> [--format F] [--map "time=Date,model=Model,input=In,output=Out,…"] [--save-map NAME]
  report [--month YYYY-MM]
  plan --model M --training-tokens N [--epochs 3] --monthly-input N --monthly-output N
       [--daily-input N --daily-output N] [--cached-share P] [--retry-buffer P] [--months 12]
  prices [list]
  prices set --model M --input USD --output USD [--training USD] [--cached USD]
       [--batch-input USD] [--batch-cached USD] [--batch-output USD] [--effective YYYY-MM-DD]
       [--kind family|exact|pattern] [--applies-to fine-tuned|base]   (USD per 1M tokens)
  prices delete ID
  prices import-litellm FILE [--effective YYYY-MM-DD]
  prices reprice
  imports [list]    the import history
  imports show ID   one import with every rejected row (line, reason, row)
  ingest            one scheduled pass now (inbox, and the OpenAI API when OPENAI_ADMIN_KEY is set)
  alerts [run]      evaluate every alert rule now and send what is pending
  alerts history    the alerts that fired, with each delivery's status

Formats: ${Object.keys(FORMAT_NAMES).join(", ")}
`;

class UsageError extends Error {}

const today = () => new Date().toISOString().slice(0, 10);

function wholeNumber(v: string | undefined, flag: string, fallback?: number): number {
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${flag} is required`);
  }
  if (!/^\d+$/.test(v.replace(/_/g, ""))) throw new UsageError(`--${flag} must be a whole number, not "${v}"`);
  return Number(v.replace(/_/g, ""));
}

function printImport(r: ImportResult) {
  console.log(`${r.file}: ${FORMAT_NAMES[r.format]}${r.resumed ? " (resumed)" : ""}`);
  console.log(`  ${describeCounts(r)}`);
  for (const e of r.errors.slice(0, 20)) console.log(`  line ${e.line ?? "-"}: ${e.reason}`);
  if (r.errors.length > 20) console.log(`  … and ${r.errors.length - 20} more rejected rows (kept with import #${r.importId})`);
}

function printReprice(r: RepriceReport) {
  console.log(`Re-priced ${r.examined} records: ${r.changed} changed (${r.newlyPriced} newly priced, ${r.newlyUnpriced} now unpriced).`);
  console.log(`  Total before ${formatUsd(r.beforePico)}, after ${formatUsd(r.afterPico)}.`);
  for (const m of r.byModel) {
    console.log(`  ${m.model}: ${m.records} records, ${m.beforePico == null ? "unpriced" : formatUsd(m.beforePico)} → ${m.afterPico == null ? "unpriced" : formatUsd(m.afterPico)}`);
  }
}

function repriceJson(r: RepriceReport) {
  const usd = (p: bigint | null) => (p == null ? null : formatUsdExact(p));
  return { ...r, beforeUsd: usd(r.beforePico), afterUsd: usd(r.afterPico), beforePico: undefined, afterPico: undefined,
    byModel: r.byModel.map((m) => ({ model: m.model, records: m.records, beforeUsd: usd(m.beforePico), afterUsd: usd(m.afterPico) })) };
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: "boolean" }, format: { type: "string" }, map: { type: "string" }, "save-map": { type: "string" },
      month: { type: "string" }, model: { type: "string" }, "training-tokens": { type: "string" }, epochs: { type: "string" },
      "monthly-input": { type: "string" }, "monthly-output": { type: "string" }, "daily-input": { type: "string" }, "daily-output": { type: "string" },
      "cached-share": { type: "string" }, "retry-buffer": { type: "string" }, months: { type: "string" },
      input: { type: "string" }, output: { type: "string" }, training: { type: "string" }, cached: { type: "string" },
      "batch-input": { type: "string" }, "batch-cached": { type: "string" }, "batch-output": { type: "string" },
      effective: { type: "string" }, kind: { type: "string" }, "applies-to": { type: "string" },
    },
  });
  const json = values.json === true;
  const out = (data: unknown, human: () => void) => (json ? console.log(JSON.stringify(data, null, 2)) : human());

  switch (command) {
    case "import": {
      if (positionals.length === 0) throw new UsageError("import needs at least one file");
      if (values.format && !(values.format in FORMAT_NAMES)) throw new UsageError(`--format must be one of ${Object.keys(FORMAT_NAMES).join(", ")}`);
      const mapping = values.map ? parseMappingSpec(values.map) : undefined;
      if (values["save-map"]) {
        if (!values.map) throw new UsageError("--save-map needs --map");
        saveMapping(values["save-map"], values.map);
      }
      const results: (ImportResult | { file: string; error: string })[] = [];
      let failed = false;
      for (const file of positionals) {
        const bar = !json && process.stderr.isTTY ? progressBar(file) : undefined;
        try {
          const r = await importFile(file, { format: values.format as FormatId | undefined, mapping, onProgress: bar?.update });
          bar?.done();
          results.push(r);
          if (!json) printImport(r);
        } catch (e) {
          bar?.done();
          if (!(e instanceof ImportRefusedError) && (e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
          failed = true;
          const error = e instanceof ImportRefusedError ? e.message : `No such file: ${file}`;
          results.push({ file, error });
          if (!json) console.error(`${file}: refused. ${error}`);
        }
      }
      if (json) {
        const strip = (r: (typeof results)[number]) => ("error" in r ? r : { file: r.file, format: r.format, imported: r.imported, updated: r.updated, duplicates: r.duplicates, rejected: r.rejected, skipped: r.skipped, errors: r.errors });
        console.log(JSON.stringify(results.length === 1 ? strip(results[0]) : results.map(strip), null, 2));
      }
      return failed ? 1 : 0;
    }
    case "report": {
      const month = values.month ?? today().slice(0, 7);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month must be YYYY-MM, not "${month}"`);
      const r = getMonthReport(month);
      out(monthReportJson(r), () => {
        const [training, inference] = allocateCents([r.trainingPico, r.inferencePico]);
        console.log(`${month}: ${formatUsd(r.costPico)} (training ${formatCents(training)}, inference ${formatCents(inference)})`);
        if (r.projectedPico != null) console.log(`  projected month end: ${formatUsd(r.projectedPico)}`);
        if (r.unpricedTokens > 0) console.log(`  UNPRICED: ${r.unpricedTokens.toLocaleString("en-US")} tokens in ${r.unpricedRows} record${r.unpricedRows === 1 ? "" : "s"} have no price (add one: tally prices set)`);
        // lines are allocated in cents so that they add up to the total above
        const cents = allocateCents(r.byModel.map((m) => m.costPico));
        r.byModel.forEach((m, i) => console.log(`  ${m.model} (${m.baseModel}): ${m.unpricedRows && m.costPico === 0n ? "unpriced" : formatCents(cents[i])}`));
      });
      return 0;
    }
    case "plan": {
      const model = values.model ?? "gpt-4o-mini";
      const entry = (await loadPriceBook()).resolve(model, today(), "training");
      if (!entry) throw new UsageError(`no training price for ${model} in the price book (see: tally prices)`);
      const plan = planFineTune({
        trainingTokens: wholeNumber(values["training-tokens"], "training-tokens"),
        epochs: wholeNumber(values.epochs, "epochs", 3),
        monthlyInputTokens: values["monthly-input"] !== undefined ? wholeNumber(values["monthly-input"], "monthly-input") : undefined,
        monthlyOutputTokens: values["monthly-output"] !== undefined ? wholeNumber(values["monthly-output"], "monthly-output") : undefined,
        dailyInputTokens: values["daily-input"] !== undefined ? wholeNumber(values["daily-input"], "daily-input") : undefined,
        dailyOutputTokens: values["daily-output"] !== undefined ? wholeNumber(values["daily-output"], "daily-output") : undefined,
        cachedSharePercent: values["cached-share"],
        retryBufferPercent: values["retry-buffer"],
        months: wholeNumber(values.months, "months", 12),
      }, entry);
      out(planJson(plan), () => {
        console.log(`${model}, priced by ${entry.match} (${entry.source})`);
        console.log(`  training:   ${formatUsd(plan.trainingPico)}  (${plan.trainedTokens} trained tokens)`);
        console.log(`  per month:  ${formatUsd(plan.monthlyPico)}`);
        console.log(`  ${plan.months} months: ${formatUsd(plan.firstYearPico)}`);
      });
      return 0;
    }
    case "prices": {
      const sub = positionals[0] ?? "list";
      if (sub === "list") {
        const prices = await listPrices();
        const perM = (p: bigint | null) => (p == null ? "-" : picoPerTokenToPerMillion(p));
        out(prices.map((p) => ({ id: p.id, kind: p.matchKind, match: p.match, appliesTo: p.appliesTo, effectiveFrom: p.effectiveFrom,
          trainingPerM: p.trainingPico == null ? null : perM(p.trainingPico), inputPerM: perM(p.inputPico), cachedInputPerM: perM(p.cachedInputPico),
          outputPerM: perM(p.outputPico), batchInputPerM: perM(p.batchInputPico), batchCachedInputPerM: perM(p.batchCachedPico), batchOutputPerM: perM(p.batchOutputPico), source: p.source })), () => {
          console.log("USD per 1M tokens: training / input / cached input / output (batch: input / cached / output)");
          for (const p of prices) console.log(`  #${p.id} ${p.match} [${p.matchKind}, ${p.appliesTo}] from ${p.effectiveFrom}: ${perM(p.trainingPico)} / ${perM(p.inputPico)} / ${perM(p.cachedInputPico)} / ${perM(p.outputPico)} (batch ${perM(p.batchInputPico)} / ${perM(p.batchCachedPico)} / ${perM(p.batchOutputPico)}) — ${p.source}`);
        });
        return 0;
      }
      if (sub === "set") {
        if (!values.model || !values.input || !values.output) throw new UsageError("prices set needs --model, --input and --output (USD per 1M tokens)");
        let saved;
        try {
          saved = await savePrice({ match: values.model, matchKind: values.kind as MatchKind | undefined, appliesTo: values["applies-to"] as AppliesTo | undefined,
            effectiveFrom: values.effective, training: values.training, input: values.input, output: values.output, cachedInput: values.cached,
            batchInput: values["batch-input"], batchCachedInput: values["batch-cached"], batchOutput: values["batch-output"], source: "user (CLI)" });
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const { entry, report } = saved;
        out({ entryId: entry.id, reprice: repriceJson(report) }, () => { console.log(`Saved price #${entry.id} for ${entry.match}.`); printReprice(report); });
        return 0;
      }
      if (sub === "delete") {
        const id = wholeNumber(positionals[1], "ID");
        const report = await removePrice(id);
        if (!report) throw new UsageError(`no price #${id} (see: tally prices list)`);
        out({ deleted: id, reprice: repriceJson(report) }, () => { console.log(`Deleted price #${id}.`); printReprice(report); });
        return 0;
      }
      if (sub === "import-litellm") {
        const file = positionals[1];
        if (!file) throw new UsageError("prices import-litellm needs a FILE");
        let doc: unknown;
        try {
          doc = JSON.parse(readFileSync(file, "utf8"));
        } catch (e) {
          throw new UsageError(`${file} is not readable JSON: ${(e as Error).message}`);
        }
        const { imported, skipped, report } = await importLiteLLM(doc, { effectiveFrom: values.effective ?? today(), source: `LiteLLM ${file.split("/").pop()}` });
        out({ imported, skipped, reprice: repriceJson(report) }, () => {
          console.log(`Imported ${imported} OpenAI prices, skipped ${skipped} other entries.`);
          printReprice(report);
        });
        return 0;
      }
      if (sub === "reprice") {
        const report = await repriceStored();
        out(repriceJson(report), () => printReprice(report));
        return 0;
      }
      throw new UsageError(`unknown prices command "${sub}"`);
    }
    case "imports": {
      const sub = positionals[0] ?? "list";
      if (sub === "list") {
        const runs = await getImports();
        out(runs, () => {
          for (const r of runs) {
            console.log(`#${r.id} ${r.startedAt.toISOString().slice(0, 16)} ${r.fileName} [${r.format}] ${r.status}: ${describeCounts(r)}${r.error ? ` — ${r.error}` : ""}`);
          }
          if (!runs.length) console.log("No imports yet.");
        });
        return 0;
      }
      if (sub === "show") {
        const id = wholeNumber(positionals[1], "ID");
        const run = await getImport(id);
        if (!run) throw new UsageError(`no import #${id}`);
        out(run, () => {
          console.log(`#${run.id} ${run.fileName} [${run.format}] ${run.status}, sha256 ${run.sha256}`);
          console.log(`  ${describeCounts(run)}`);
          if (run.error) console.log(`  ${run.error}`);
          for (const r of run.rejectedRows) console.log(`  line ${r.line < 0 ? "-" : r.line}: ${r.reason}\n    ${r.raw}`);
        });
        return 0;
      }
      throw new UsageError(`unknown imports command "${sub}"`);
    }
    case "ingest": {
      const r = await runIngestPass();
      out(r, () => {
        if (r.skipped) { console.log(`Skipped: ${r.skipped}`); return; }
        for (const f of r.files) console.log(`${f.file}: ${"error" in f ? `failed: ${f.error}` : describeCounts(f)}`);
        if (r.api) console.log(`OpenAI API: ${r.api.message}`);
        if (!r.files.length && !r.api) console.log("Nothing to ingest.");
      });
      return 0;
    }
    case "alerts": {
      const sub = positionals[0] ?? "run";
      if (sub === "run") {
        const r = await runAlerts();
        out({ fired: r.fired.length, sent: r.sent, failed: r.failed }, () => console.log(`${r.fired.length} alerts fired; ${r.sent} deliveries sent, ${r.failed} failed.`));
        return 0;
      }
      if (sub === "history") {
        const firings = listFirings();
        out(firings.map((f) => ({ ...f, valuePico: undefined, thresholdPico: undefined, valueUsd: formatUsdExact(f.valuePico), thresholdUsd: formatUsdExact(f.thresholdPico) })), () => {
          for (const f of firings) {
            console.log(`#${f.id} ${f.firedAt} ${f.acknowledgedAt ? "acknowledged" : "OPEN"}: ${describeFiring(f)}`);
            for (const x of f.deliveries) console.log(`  ${x.channelKind} ${x.channelName}: ${x.status} after ${x.attempts} attempts${x.lastError ? ` (${x.lastError})` : ""}`);
          }
          if (!firings.length) console.log("No alert has fired yet.");
        });
        return 0;
      }
      throw new UsageError(`unknown alerts command "${sub}"`);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const invoked = process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!);
if (invoked) {
  main(process.argv.slice(2))
    .then(async (code) => { await settleAlerts(); await closeDb(); process.exitCode = code; })
    .catch(async (e) => {
      await settleAlerts();
      await closeDb().catch(() => {});
      if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
        console.error(`tally: ${(e as Error).message}\n(see: npm run -s tally -- help)`);
        process.exitCode = 2;
      } else {
        console.error(`tally: ${(e as Error).stack ?? e}`);
        process.exitCode = 1;
      }
    });
}
