import Link from "next/link";
import { LineChart } from "../components/charts/LineChart";
import { BREAK_EVEN_DEFAULTS, breakEvenSchema, plannerForm } from "./params";
import { TrainingFileEstimator } from "./TrainingFileEstimator";
import { METHOD } from "@/lib/forecast/projectMonthEnd";
import { formatCount, monthName, shortDay } from "@/lib/format";
import { formatUsd, formatUsdExact, picoPerTokenToPerMillion, roundToCents } from "@/lib/money";
import { fineTuneBreakEven } from "@/lib/planning/breakEven";
import { planFineTune } from "@/lib/planning/planner";
import { SCENARIOS } from "@/lib/planning/scenarios";
import { repriceOnModel } from "@/lib/planning/whatIf";
import { priceEntryFromInput, type PriceEntry } from "@/lib/pricing/priceBook";
import { loadPriceBook } from "@/lib/pricing/store";
import { getMonthReport } from "@/lib/queries/getMonthReport";
import { getScopeDaily } from "@/lib/queries/getScopeSpend";
import { ALL_USAGE } from "@/lib/scope";
import { getMonthTokens } from "@/lib/queries/getMonthTokens";
import { previousMonth } from "@/lib/queries/getOverview";
import { monthRange } from "@/lib/queries/sql";

export const dynamic = "force-dynamic";

type Params = Record<string, string | undefined>;
const cents = (p: bigint) => Number(roundToCents(p));

export default async function ProjectionsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const today = new Date().toISOString().slice(0, 10);
  const book = await loadPriceBook();
  const families = [...new Set(book.entries.filter((e) => e.matchKind === "family").map((e) => e.match))].sort();
  const trainable = families.filter((f) => book.resolve(`ft:${f}:x`, today, "training"));

  return (
    <>
      <div className="page-head"><h1>Projections</h1></div>
      <nav className="tabs" aria-label="Sections">
        <a className="button" href="#forecast">Month end</a><a className="button" href="#planner">First-year planner</a>
        <a className="button" href="#what-if">What if</a><a className="button" href="#break-even">Break-even</a><a className="button" href="#training-file">Training file</a>
      </nav>
      <Forecast today={today} />
      <Planner params={params} book={book} families={trainable} today={today} />
      <WhatIfSection params={params} book={book} families={families} today={today} />
      <BreakEvenSection params={params} book={book} families={families} trainable={trainable} today={today} />
      <section className="card" id="training-file">
        <h2>Training-file estimator</h2>
        <p className="sub">Upload a JSONL training file (chat <code>{'{"messages": [...]}'}</code> or <code>{'{"prompt", "completion"}'}</code> lines). Tokens are counted with the model&apos;s own tokenizer (o200k_base for gpt-4o models, cl100k_base for gpt-3.5 and gpt-4-turbo), chat examples as OpenAI counts them (3 tokens a message and 3 to prime the reply).</p>
        <TrainingFileEstimator models={trainable} />
      </section>
    </>
  );
}

function Forecast({ today }: { today: string }) {
  const month = today.slice(0, 7);
  const r = getMonthReport(month, { today });
  const f = r.forecast;
  const [from, to] = monthRange(month);
  const daily = getScopeDaily(ALL_USAGE, from, to).inference;
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) < to; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  const future = new Map(f?.days.map((d) => [d.day, d.pico]) ?? []);
  return (
    <section className="card" id="forecast">
      <h2>{monthName(month)}: where the month will end</h2>
      {f ? (
        <div className="figures">
          <div className="figure"><div className="sub">Spent, complete days{r.trainingPico ? " and training" : ""}</div><div className="value">{formatUsd(f.actualPico)}</div></div>
          <div className="figure"><div className="sub">Projected month end</div><div className="value" data-testid="forecast-projected">{formatUsd(f.projectedPico)}</div></div>
          <div className="figure"><div className="sub">80% range</div><div className="value">{f.errorSamples ? `${formatUsd(f.lowPico)} – ${formatUsd(f.highPico)}` : "—"}</div><div className="sub">{f.errorSamples ? `from ${f.errorSamples} past forecasts` : "needs 3 weeks of history"}</div></div>
        </div>
      ) : <p className="muted">No projection on a month&apos;s first day: it starts once a day is complete.</p>}
      <p className="sub"><strong>Method.</strong> {METHOD} Days are UTC; today counts as a day left because its spend so far is partial.</p>
      <LineChart
        labels={days.map(shortDay)}
        testId="chart-forecast"
        series={[
          { label: "Daily spend", cents: days.map((d) => (d < today ? cents(daily.get(d) ?? 0n) : null)), style: "solid" },
          { label: "Forecast", cents: days.map((d) => (future.has(d) ? cents(future.get(d)!) : null)), style: "dashed" },
        ]}
        height={240}
      />
    </section>
  );
}

function Planner({ params, book, families, today }: { params: Params; book: Awaited<ReturnType<typeof loadPriceBook>>; families: string[]; today: string }) {
  const { form, parsed, errors, preset } = plannerForm(params);
  const price = parsed ? book.resolve(`ft:${parsed.model}:plan`, today, "training") : null;
  let plan = null;
  let planError: string | null = errors.length ? errors.join("; ") : null;
  if (parsed && price) {
    try {
      plan = planFineTune({
        trainingTokens: parsed.trainingTokens, epochs: parsed.epochs, validationSplitPercent: parsed.validation,
        ...(parsed.volume === "day" ? { dailyInputTokens: parsed.input, dailyOutputTokens: parsed.output } : { monthlyInputTokens: parsed.input, monthlyOutputTokens: parsed.output }),
        cachedSharePercent: parsed.cached, retryBufferPercent: parsed.retry, months: 12,
      }, price);
    } catch (e) {
      planError = (e as Error).message;
    }
  } else if (parsed && !price) planError = `No training price for ${parsed.model}: add one on the Pricing page.`;
  const perM = (p: bigint) => `$${picoPerTokenToPerMillion(p)}`;

  return (
    <section className="card" id="planner">
      <h2>First-year planner</h2>
      <div className="tabs" data-testid="presets">
        {SCENARIOS.map((s) => <Link key={s.key} className="button" aria-pressed={preset === s.key} href={`/projections?preset=${s.key}#planner`} data-preset={s.key}>{s.name}</Link>)}
      </div>
      <form method="get" action="/projections#planner" className="grid-form" data-testid="planner-form">
        <label>Model<select name="model" defaultValue={form.model}>{families.map((f) => <option key={f}>{f}</option>)}</select></label>
        <label>Training-file tokens<input name="trainingTokens" defaultValue={form.trainingTokens} inputMode="numeric" /></label>
        <label>Epochs<input name="epochs" defaultValue={form.epochs} inputMode="numeric" /></label>
        <label>Validation split %<input name="validation" defaultValue={form.validation} inputMode="decimal" /></label>
        <label>Volumes per<select name="volume" defaultValue={form.volume}><option value="month">month</option><option value="day">day (× 30)</option></select></label>
        <label>Input tokens<input name="input" defaultValue={form.input} inputMode="numeric" /></label>
        <label>Output tokens<input name="output" defaultValue={form.output} inputMode="numeric" /></label>
        <label>Cached share of input %<input name="cached" defaultValue={form.cached} inputMode="decimal" /></label>
        <label>Retry buffer % (5–10 typical)<input name="retry" defaultValue={form.retry} inputMode="decimal" /></label>
        <div><button type="submit" className="primary">Calculate</button></div>
      </form>
      {planError ? <div className="banner error-banner" role="alert">{planError}</div> : null}
      {plan && price && parsed ? (
        <>
          <div className="figures" data-testid="plan-figures">
            <div className="figure"><div className="sub">Training (once)</div><div className="value" data-testid="plan-training">${formatUsdExact(plan.trainingPico)}</div></div>
            <div className="figure"><div className="sub">Each month</div><div className="value" data-testid="plan-monthly">${formatUsdExact(plan.monthlyPico)}</div></div>
            <div className="figure"><div className="sub">First year</div><div className="value" data-testid="plan-first-year">${formatUsdExact(plan.firstYearPico)}</div><div className="sub">≈ {formatUsd(plan.firstYearPico)}</div></div>
          </div>
          <div className="formula" data-testid="plan-formula">
            {`training   = ${formatCount(parsed.trainingTokens)} tokens × (1 − ${parsed.validation}% validation) × ${parsed.epochs} epochs × ${perM(price.trainingPico!)}/1M
           = ${formatCount(plan.trainedTokens)} trained tokens → $${formatUsdExact(plan.trainingPico)}
monthly    = [${formatCount(plan.monthlyInputTokens)} input × (${100 - Number(parsed.cached)}% × ${perM(price.inputPico)} + ${parsed.cached}% × ${perM(price.cachedInputPico)} cached)/1M
              + ${formatCount(plan.monthlyOutputTokens)} output × ${perM(price.outputPico)}/1M] × (1 + ${parsed.retry}% retries)
           = $${formatUsdExact(plan.monthlyPico)}
first year = $${formatUsdExact(plan.trainingPico)} + 12 × $${formatUsdExact(plan.monthlyPico)} = $${formatUsdExact(plan.firstYearPico)}`}
          </div>
          <LineChart
            labels={["Start", ...Array.from({ length: 12 }, (_, i) => `Month ${i + 1}`)]}
            series={[{ label: "Cumulative cost", cents: Array.from({ length: 13 }, (_, i) => cents(plan.trainingPico + BigInt(i) * plan.monthlyPico)), style: "solid" }]}
            height={220}
            testId="chart-plan"
          />
          <p className="sub">Exact figures to the picodollar (the first year is built from the rounded monthly figure, so the three add up). Prices: the {price.match} entry for fine-tuned use in force today ({price.source}).</p>
        </>
      ) : null}
    </section>
  );
}

function WhatIfSection({ params, book, families, today }: { params: Params; book: Awaited<ReturnType<typeof loadPriceBook>>; families: string[]; today: string }) {
  const month = previousMonth(today.slice(0, 7));
  const target = params.target && families.includes(params.target) ? params.target : families.find((f) => f === "gpt-4o") ?? families[0];
  const scope = params.scope === "base" ? "base" : "fine-tuned";
  const tokens = getMonthTokens(month);
  const actual = getMonthReport(month, { today });
  const w = target ? repriceOnModel(tokens, book, target, scope, `${month}-01`) : null;
  const total = tokens.reduce((a, t) => a + t.inputTokens + t.outputTokens, 0);
  return (
    <section className="card" id="what-if">
      <h2>What if {monthName(month)} ran on another model?</h2>
      <form method="get" action="/projections#what-if" className="grid-form">
        <label>Model<select name="target" defaultValue={target}>{families.map((f) => <option key={f}>{f}</option>)}</select></label>
        <label>Prices for<select name="scope" defaultValue={scope}><option value="fine-tuned">fine-tuned use</option><option value="base">base-model use</option></select></label>
        <div><button type="submit" className="primary">Re-price</button></div>
      </form>
      {total === 0 ? <p className="muted">No usage in {monthName(month)} to re-price.</p> : (
        <div className="figures" data-testid="what-if">
          <div className="figure"><div className="sub">Its tokens</div><div className="value">{formatCount(total)}</div><div className="sub">{formatCount(tokens.reduce((a, t) => a + t.inputTokens, 0))} input · {formatCount(tokens.reduce((a, t) => a + t.outputTokens, 0))} output</div></div>
          <div className="figure"><div className="sub">Actual inference cost</div><div className="value">{formatUsd(actual.inferencePico)}</div>{actual.unpricedRows ? <div className="sub warn-text">{formatCount(actual.unpricedTokens)} tokens unpriced</div> : null}</div>
          <div className="figure"><div className="sub">On {target} ({scope})</div><div className="value" data-testid="what-if-cost">{w?.costPico == null ? "no price" : formatUsd(w.costPico)}</div>
            <div className="sub">{w?.costPico == null ? <>The price book has no {scope} price for {target}: <Link href={`/pricing?model=${target}${scope === "base" ? "&appliesTo=base" : ""}#price-form`}>add one</Link>.</> : <>{w.costPico > actual.inferencePico ? "+" : "−"}{formatUsd(w.costPico > actual.inferencePico ? w.costPico - actual.inferencePico : actual.inferencePico - w.costPico)} vs actual</>}</div></div>
        </div>
      )}
      <p className="sub">The same input, cached and output tokens (batch at batch prices), priced by the entry in force on {month}-01. Training is not included.</p>
    </section>
  );
}

function BreakEvenSection({ params, book, families, trainable, today }: { params: Params; book: Awaited<ReturnType<typeof loadPriceBook>>; families: string[]; trainable: string[]; today: string }) {
  const form: Record<string, string> = { ...BREAK_EVEN_DEFAULTS };
  for (const k of Object.keys(form)) if (params[`be_${k}`] != null) form[k] = params[`be_${k}`]!;
  const parsed = breakEvenSchema.safeParse(form);
  let error: string | null = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
  let result = null;
  let base: PriceEntry | null = null;
  if (parsed.success) {
    const p = parsed.data;
    const ft = book.resolve(`ft:${p.ftModel}:be`, today, "training");
    base = p.baseInput && p.baseOutput
      ? { id: 0, ...priceEntryFromInput({ match: p.baseModel, appliesTo: "base", input: p.baseInput, output: p.baseOutput, source: "typed on this page" }) }
      : book.resolve(p.baseModel, today, "usage");
    if (!ft) error = `No fine-tuned training price for ${p.ftModel}.`;
    else if (!base) error = `The price book has no base-model price for ${p.baseModel}: type its input and output prices below (or add a "base" entry on the Pricing page).`;
    else result = fineTuneBreakEven({ fineTunedPromptTokens: p.ftPrompt, basePromptTokens: p.basePrompt, outputTokens: p.outputTokens, trainingTokens: p.trainingTokens, epochs: p.epochs, callsPerMonth: p.calls }, ft, base);
  }
  const maxCalls = result ? BigInt(Math.max(Number(form.calls) * 2, result.breakEvenCalls ? Number(result.breakEvenCalls) * 2 : 0, 10)) : 0n;
  const steps = 10;
  const volumes = Array.from({ length: steps + 1 }, (_, i) => (maxCalls * BigInt(i)) / BigInt(steps));
  const field = (k: string, label: string, type: "select" | "input" = "input", options: string[] = []) => (
    <label key={k}>{label}{type === "select"
      ? <select name={`be_${k}`} defaultValue={form[k]}>{options.map((o) => <option key={o}>{o}</option>)}</select>
      : <input name={`be_${k}`} defaultValue={form[k]} inputMode="decimal" placeholder={k.startsWith("base") ? "from the price book" : undefined} />}</label>
  );
  return (
    <section className="card" id="break-even">
      <h2>Fine-tune or few-shot? Break-even</h2>
      <p className="sub">A fine-tuned model needs short prompts; a base model needs the examples in every prompt. Fine-tuning costs its training once, then less per call: where do the lines cross?</p>
      <form method="get" action="/projections#break-even" className="grid-form">
        {field("ftModel", "Fine-tuned model", "select", trainable)}
        {field("ftPrompt", "Its prompt tokens")}
        {field("baseModel", "Base model", "select", families)}
        {field("basePrompt", "Few-shot prompt tokens")}
        {field("outputTokens", "Output tokens per call")}
        {field("trainingTokens", "Training-file tokens")}
        {field("epochs", "Epochs")}
        {field("calls", "Calls per month")}
        {field("baseInput", "Base input $/1M")}
        {field("baseOutput", "Base output $/1M")}
        <div><button type="submit" className="primary">Compare</button></div>
      </form>
      {error ? <div className="banner warn-banner" role="alert">{error}</div> : null}
      {result && base ? (
        <>
          <div className="figures" data-testid="break-even">
            <div className="figure"><div className="sub">Training (once)</div><div className="value">${formatUsdExact(result.trainingPico)}</div></div>
            <div className="figure"><div className="sub">Per call: fine-tuned vs base</div><div className="value">${formatUsdExact(result.fineTunedCallPico)}</div><div className="sub">vs ${formatUsdExact(result.baseCallPico)} (base prices: {base.source})</div></div>
            <div className="figure"><div className="sub">Break-even</div><div className="value" data-testid="break-even-calls">{result.breakEvenCalls == null ? "never" : `${formatCount(Number(result.breakEvenCalls))} calls`}</div>
              <div className="sub">{result.breakEvenCalls == null ? "a fine-tuned call costs as much as a base call or more" : Number(form.calls) > 0 ? `${(Number(result.breakEvenCalls) / Number(form.calls)).toFixed(1)} months at ${formatCount(Number(form.calls))} calls a month` : ""}</div></div>
            <div className="figure"><div className="sub">A month at that volume</div><div className="value">{formatUsd(result.fineTunedMonthlyPico)}</div><div className="sub">vs {formatUsd(result.baseMonthlyPico)} on the base model</div></div>
          </div>
          <LineChart
            labels={volumes.map((v) => formatCount(Number(v)))}
            xTitle="calls"
            testId="chart-break-even"
            height={240}
            series={[
              { label: `Fine-tuned ${form.ftModel} (training + calls)`, cents: volumes.map((v) => cents(result.trainingPico + v * result.fineTunedCallPico)), style: "solid" },
              { label: `Base ${form.baseModel} with few-shot prompts`, cents: volumes.map((v) => cents(v * result.baseCallPico)), style: "solid" },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}
