import Link from "next/link";
import { UnpricedBadge } from "../components/SpendTable";
import { formatCount } from "@/lib/format";
import { shortModelName } from "@/lib/pricing/modelId";
import { formatUsd, formatUsdExact } from "@/lib/money";
import { getUsageDimensions, getUsageRecords, getUsageTotals, USAGE_PAGE_SIZE } from "@/lib/queries/getUsageRecords";
import { parseUsageFilter, usageFilterQuery } from "@/lib/queries/usageFilter";

export const dynamic = "force-dynamic";

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { filter, error } = parseUsageFilter(await searchParams);
  const dims = getUsageDimensions();
  const totals = getUsageTotals(filter);
  const records = getUsageRecords(filter);
  const pages = Math.max(1, Math.ceil(totals.records / USAGE_PAGE_SIZE));
  const first = (filter.page - 1) * USAGE_PAGE_SIZE;

  const select = (name: string, label: string, value: string, options: string[]) => (
    <label>
      {label}
      <select name={name} defaultValue={value}>
        <option value="">All</option>
        {options.map((o) => <option key={o} value={o}>{o || "(none)"}</option>)}
      </select>
    </label>
  );

  return (
    <>
      <div className="page-head"><h1>Usage records</h1></div>
      <form method="get" className="card filters" data-testid="usage-filters">
        <label>From<input type="date" name="from" defaultValue={filter.from} /></label>
        <label>To<input type="date" name="to" defaultValue={filter.to} /></label>
        {select("model", "Model", filter.model, dims.models)}
        {select("project", "Project", filter.project, dims.projects)}
        {select("apiKey", "API key", filter.apiKey, dims.apiKeys)}
        <label>
          Batch
          <select name="batch" defaultValue={filter.batch}>
            <option value="">All</option><option value="yes">Batch only</option><option value="no">Not batch</option>
          </select>
        </label>
        <div><button type="submit" className="primary">Filter</button> <Link href="/usage" className="button">Reset</Link></div>
      </form>
      {error ? <div className="banner error-banner" role="alert">Filters not applied: {error}.</div> : null}

      <div className="pager">
        <div data-testid="usage-summary">
          <strong>{formatCount(totals.records)}</strong> records · {formatCount(totals.requests)} requests · cost <strong data-testid="usage-total">{formatUsd(totals.costPico)}</strong>
          {totals.unpricedRows ? <> · <span className="warn-text">{formatCount(totals.unpricedRows)} unpriced</span></> : null}
        </div>
        <a className="button" href={`/api/usage/export?${usageFilterQuery(filter, { page: 1 })}`} data-testid="export-csv" download>Export CSV ({formatCount(totals.records)} records)</a>
      </div>

      <div className="table-wrap" style={{ marginTop: 12 }}>
        <table data-testid="usage-table">
          <thead>
            <tr>
              <th>Day (UTC)</th><th>Model</th><th>Project</th><th>API key</th><th>Batch</th>
              <th className="num">Requests</th><th className="num">Input</th><th className="num">Cached</th><th className="num">Output</th><th className="num">Cost (exact)</th>
            </tr>
          </thead>
          <tbody>
            {records.length === 0 ? (
              <tr><td colSpan={10} className="muted">No records match these filters.</td></tr>
            ) : records.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{r.day}{r.bucketEnd - r.bucketStart < 86_400 ? <div className="sub">{new Date(r.bucketStart * 1000).toISOString().slice(11, 16)}</div> : null}</td>
                <td><code title={r.model}>{shortModelName(r.model)}</code></td>
                <td>{r.projectId}</td>
                <td>{r.apiKeyId}</td>
                <td>{r.batch ? "yes" : ""}</td>
                <td className="num">{formatCount(r.requests)}</td>
                <td className="num">{formatCount(r.inputTokens)}</td>
                <td className="num">{formatCount(r.cachedTokens)}</td>
                <td className="num">{formatCount(r.outputTokens)}</td>
                <td className="num" title={r.costPico == null ? "" : `$${formatUsdExact(r.costPico)}`}>{r.costPico == null ? <UnpricedBadge /> : `$${formatUsdExact(r.costPico)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        <span className="muted">{totals.records ? `${formatCount(first + 1)}–${formatCount(first + records.length)} of ${formatCount(totals.records)}` : ""}</span>
        <span>
          {filter.page > 1 ? <Link className="button" href={`/usage?${usageFilterQuery(filter, { page: filter.page - 1 })}`}>← Newer</Link> : null}{" "}
          <span className="muted">Page {filter.page} of {pages}</span>{" "}
          {filter.page < pages ? <Link className="button" href={`/usage?${usageFilterQuery(filter, { page: filter.page + 1 })}`} data-testid="next-page">Older →</Link> : null}
        </span>
      </nav>
    </>
  );
}
