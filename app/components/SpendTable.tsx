import Link from "next/link";
import { formatCount } from "@/lib/format";
import { allocateCents, formatCents } from "@/lib/money";
import type { SpendLine } from "@/lib/queries/getMonthReport";

export interface SpendRow {
  key: string;
  cells: React.ReactNode[];
  line: SpendLine;
}

/**
 * A breakdown of a month's spend (by model, project or key) with its tokens, requests and cost. Costs
 * are allocated to cents so the rows add up to the footer, which is the month's total as shown elsewhere.
 */
export function SpendTable({ heads, rows, testId }: { heads: string[]; rows: SpendRow[]; testId: string }) {
  const cents = allocateCents(rows.map((r) => r.line.costPico));
  const sum = (pick: (l: SpendLine) => number) => rows.reduce((a, r) => a + pick(r.line), 0);
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {heads.map((h) => <th key={h}>{h}</th>)}
            <th className="num">Cost</th><th className="num">Requests</th><th className="num">Input</th><th className="num">Cached</th><th className="num">Output</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key}>
              {r.cells.map((c, k) => <td key={k}>{c}</td>)}
              <td className="num" data-testid="cost">
                {r.line.unpricedRows > 0 && r.line.costPico === 0n ? <UnpricedBadge /> : formatCents(cents[i])}
                {r.line.unpricedRows > 0 && r.line.costPico !== 0n ? <div className="sub warn-text">+ {formatCount(r.line.unpricedTokens)} tokens unpriced</div> : null}
              </td>
              <td className="num">{formatCount(r.line.requests)}</td>
              <td className="num">{formatCount(r.line.inputTokens)}</td>
              <td className="num">{formatCount(r.line.cachedTokens)}</td>
              <td className="num">{formatCount(r.line.outputTokens)}{r.line.trainedTokens ? <div className="sub">+ {formatCount(r.line.trainedTokens)} trained</div> : null}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={heads.length}>Total</td>
            <td className="num" data-testid="table-total">{formatCents(cents.reduce((a, b) => a + b, 0n))}</td>
            <td className="num">{formatCount(sum((l) => l.requests))}</td>
            <td className="num">{formatCount(sum((l) => l.inputTokens))}</td>
            <td className="num">{formatCount(sum((l) => l.cachedTokens))}</td>
            <td className="num">{formatCount(sum((l) => l.outputTokens))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function UnpricedBadge() {
  return <Link href="/pricing" className="warn">unpriced</Link>;
}
