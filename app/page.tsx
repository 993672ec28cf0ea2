import Link from "next/link";
import { loadDemoAction, setBudgetAction } from "./actions";
import { LineChart } from "./components/charts/LineChart";
import { StackedBarChart } from "./components/charts/StackedBarChart";
import { BudgetBar, ProgressBar } from "./components/BudgetBar";
import { MonthPicker } from "./components/MonthPicker";
import { SpendTable } from "./components/SpendTable";
import { cumulativeCents, foldSmallSeries, stackedCents } from "@/lib/chartSeries";
import { formatCount, monthName, percentChange, shortDay } from "@/lib/format";
import { formatCents, formatUsd, roundToCents } from "@/lib/money";
import { parseModelId, shortModelName } from "@/lib/pricing/modelId";
import { percentOfBudget } from "@/lib/budget";
import { getOverview } from "@/lib/queries/getOverview";
import { scopeLabel } from "@/lib/scope";

export const dynamic = "force-dynamic";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<{ month?: string; budgetError?: string }> }) {
  const params = await searchParams;
  const today = new Date().toISOString().slice(0, 10);
  const month = params.month && MONTH.test(params.month) ? params.month : today.slice(0, 7);
  const o = getOverview(month, today);
  const r = o.report;

  if (o.months.length === 0) return <FirstRun />;

  const pickerMonths = [...new Set([today.slice(0, 7), ...o.months, month])].sort().reverse().map((m) => ({ value: m, label: monthName(m) }));
  const labels = o.days.map(shortDay);
  const bars = stackedCents([
    ...foldSmallSeries(o.dailyByModel.map((s) => ({ label: shortModelName(s.model), pico: s.pico })), 6),
    ...(o.dailyTraining.some((v) => v !== 0n) ? [{ label: "Training", pico: o.dailyTraining }] : []),
  ]);
  const dailyTotal = o.days.map((_, i) => o.dailyByModel.reduce((a, s) => a + s.pico[i], 0n) + o.dailyTraining[i]);
  const cumulative = cumulativeCents(o.days, dailyTotal, today, r.forecast, o.budgetPico);
  const f = r.forecast;
  const isCurrent = month === today.slice(0, 7);
  const compareTo = isCurrent && f ? f.projectedPico : r.costPico;
  const change = percentChange(roundToCents(o.previous.costPico), roundToCents(compareTo));
  const unpricedModels = r.byModel.filter((m) => m.unpricedRows > 0);

  return (
    <>
      <div className="page-head">
        <h1>{monthName(month)}</h1>
        <MonthPicker month={month} months={pickerMonths} />
      </div>

      {r.unpricedRows > 0 ? (
        <div className="banner warn-banner" role="alert" data-testid="unpriced-warning">
          <strong>{formatCount(r.unpricedTokens)} tokens in {formatCount(r.unpricedRows)} {r.unpricedRows === 1 ? "record have" : "records have"} no price</strong> and
          are not in these totals ({unpricedModels.map((m) => m.model).join(", ")}).{" "}
          <Link href={`/pricing?model=${encodeURIComponent(unpricedModels[0]?.baseModel ?? "")}${unpricedModels[0] && !parseModelId(unpricedModels[0].model).fineTuned ? "&appliesTo=base" : ""}#price-form`}>Add a price</Link>
        </div>
      ) : null}

      <section className="cards">
        <div className="card stat" data-testid="stat-mtd">
          <div className="label">{isCurrent ? "Month to date" : month < today ? "Month total" : "Month"}</div>
          <div className="value" data-testid="month-total">{formatUsd(r.costPico)}</div>
          <div className="sub">Training {formatUsd(r.trainingPico)} · Inference {formatUsd(r.inferencePico)}</div>
        </div>
        <div className="card stat" data-testid="stat-projection">
          <div className="label">Projected month end</div>
          {f && isCurrent ? (
            <>
              <div className="value">{formatUsd(f.projectedPico)}</div>
              <div className="sub">{f.errorSamples > 0 ? <>80% range {formatUsd(f.lowPico)} – {formatUsd(f.highPico)}</> : "too little history for a range yet"} · <Link href="/projections">method</Link></div>
            </>
          ) : (
            <><div className="value muted">—</div><div className="sub">{month < today.slice(0, 7) ? "the month is over" : "projected from the month's second day"}</div></>
          )}
        </div>
        <div className="card stat" data-testid="stat-previous">
          <div className="label">{monthName(o.previous.month)}</div>
          <div className="value">{formatUsd(o.previous.costPico)}</div>
          <div className="sub">{change ? <>{isCurrent ? "projected " : ""}{change} vs last month</> : "no spend to compare with"}</div>
        </div>
        <BudgetCard month={month} spentPico={r.costPico} projectedPico={isCurrent ? f?.projectedPico ?? null : null} budgetPico={o.budgetPico} error={params.budgetError} />
      </section>

      {o.scopedBudgets.length > 0 ? (
        <section className="card" data-testid="scoped-budgets">
          <h2>Budgets <Link href="/alerts#budgets" className="sub">manage</Link></h2>
          <div className="budget-grid">
            {o.scopedBudgets.map((b) => (
              <div key={`${b.scope.kind}:${b.scope.value}`}>
                <div className="budget-scope" title={scopeLabel(b.scope)}>{scopeLabel(b.scope)}</div>
                <BudgetBar spentPico={b.spentPico} budgetPico={b.monthlyPico} projectedPico={isCurrent ? b.projectedPico : null} />
              </div>
            ))}
          </div>
        </section>
      ) : null}

      <section className="card">
        <h2>Spend per day by model</h2>
        <StackedBarChart labels={labels} series={bars.map((s) => ({ ...s, kind: s.label === "Training" ? "training" : undefined }))} testId="chart-daily" />
      </section>
      <section className="card">
        <h2>Cumulative spend{f && isCurrent ? " and projection" : ""}</h2>
        <LineChart
          labels={labels}
          testId="chart-cumulative"
          series={[
            { label: "Spent (complete days)", cents: cumulative.actual, style: "solid" },
            ...(f && isCurrent ? [
              { label: "Projected", cents: cumulative.projected, style: "dashed" as const },
              { label: "80% range", cents: cumulative.low, style: "band-low" as const },
              { label: "80% range", cents: cumulative.high, style: "band-high" as const },
            ] : []),
            ...(cumulative.budget ? [{ label: "Budget", cents: cumulative.budget, style: "limit" as const, colour: "#c0392b" }] : []),
          ]}
        />
      </section>

      <section className="card">
        <h2>By fine-tuned model</h2>
        <SpendTable testId="by-model" heads={["Model", "Base model"]} rows={r.byModel.map((m) => ({ key: m.model, line: m, cells: [<code key="m" title={m.model}><span className="only-wide">{m.model}</span><span className="only-narrow">{shortModelName(m.model)}</span></code>, m.baseModel] }))} />
      </section>
      <section className="card">
        <h2>By project</h2>
        <SpendTable testId="by-project" heads={["Project"]} rows={r.byProject.map((p) => ({ key: p.project, line: p, cells: [p.project || <span className="muted">{p.trainingPico ? "training jobs (no project)" : "no project"}</span>] }))} />
      </section>
      <section className="card">
        <h2>By API key</h2>
        <SpendTable testId="by-key" heads={["API key"]} rows={r.byApiKey.map((k) => ({ key: k.apiKey, line: k, cells: [k.apiKey ? <code>{k.apiKey}</code> : <span className="muted">{k.trainingPico ? "training jobs (no key)" : "no key"}</span>] }))} />
      </section>
      {r.billedPico !== 0n ? <p className="muted">OpenAI billed {formatUsd(r.billedPico)} for this month in the imported costs export (for reconciling; not added to the totals).</p> : null}
    </>
  );
}

function BudgetCard({ month, spentPico, projectedPico, budgetPico, error }: { month: string; spentPico: bigint; projectedPico: bigint | null; budgetPico: bigint | null; error?: string }) {
  const pct = budgetPico ? percentOfBudget(spentPico, budgetPico) : 0;
  return (
    <div className="card stat" data-testid="stat-budget">
      <div className="label">Monthly budget</div>
      {budgetPico ? (
        <>
          <div className="value">{pct.toFixed(1)}% <span className="of">of {formatUsd(budgetPico)}</span></div>
          <ProgressBar pct={pct} />
          {projectedPico != null ? (
            <div className="sub">{projectedPico > budgetPico ? <span className="warn-text">projected over by {formatUsd(projectedPico - budgetPico)}</span> : <>projected to leave {formatUsd(budgetPico - projectedPico)}</>}</div>
          ) : null}
        </>
      ) : <div className="sub">No budget set.</div>}
      <form action={setBudgetAction} className="inline-form">
        <input type="hidden" name="month" value={month} />
        <label className="visually-hidden" htmlFor="budget">Monthly budget in USD</label>
        <input id="budget" name="budget" inputMode="decimal" placeholder="USD a month" defaultValue={budgetPico ? formatCents(roundToCents(budgetPico)).replace(/[$,]/g, "") : ""} />
        <button type="submit">{budgetPico ? "Change" : "Set"}</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}

function FirstRun() {
  return (
    <>
      <h1>Welcome to Tokentally</h1>
      <div className="empty card" data-testid="empty-state">
        <p><strong>No usage yet.</strong> Tokentally shows what your fine-tuned OpenAI models cost once it has usage to price.</p>
        <ul>
          <li><Link href="/import">Import a file</Link>: OpenAI&apos;s usage or costs export, a fine-tuning jobs list, or any CSV with a column mapping.</li>
          <li>Drop files into the inbox folder (<code>data/inbox</code>): they are picked up every 5 minutes.</li>
          <li>Or set <code>OPENAI_ADMIN_KEY</code> to pull OpenAI&apos;s Usage API on the same schedule.</li>
        </ul>
        <form action={loadDemoAction}>
          <button type="submit" className="primary" data-testid="load-demo">Load 90 days of demo data</button>
          <span className="muted"> to look around first (the same as <code>npm run demo</code>).</span>
        </form>
      </div>
    </>
  );
}
