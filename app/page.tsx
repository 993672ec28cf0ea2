import { allocateCents, formatCents } from "@/lib/money";
import { getMonthTotals } from "@/lib/queries/getMonthTotals";

export const dynamic = "force-dynamic";

const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

export default function MonthsPage() {
  const months = getMonthTotals();
  if (months.length === 0) {
    return (
      <>
        <h1>Spend by month</h1>
        <div className="empty" data-testid="empty-state">
          <p>No usage yet. Import OpenAI&apos;s usage export with <code>npm run -s tally -- import completions_usage_….csv</code>,
            or drop files into the inbox folder (<code>data/inbox</code>): they are picked up every 5 minutes.</p>
        </div>
      </>
    );
  }
  // a month shows its own total rounded (as every other view does); its parts are allocated to add
  // up to it, and the footer adds the rows as shown
  const rows = months.map((m) => {
    const [training, inference] = allocateCents([m.trainingPico, m.inferencePico]);
    return { m, training, inference, total: training + inference };
  });
  const sum = (pick: (r: (typeof rows)[number]) => bigint) => rows.reduce((a, r) => a + pick(r), 0n);
  return (
    <>
      <h1>Spend by month</h1>
      <div className="table-wrap">
      <table data-testid="months">
        <thead>
          <tr><th>Month</th><th className="num">Training</th><th className="num">Inference</th><th className="num">Total</th><th>Unpriced</th></tr>
        </thead>
        <tbody>
          {rows.map(({ m, training, inference, total }) => {
            return (
              <tr key={m.month} data-month={m.month}>
                <td>{monthName(m.month)}</td>
                <td className="num">{formatCents(training)}</td>
                <td className="num">{formatCents(inference)}</td>
                <td className="num" data-testid="month-total">{formatCents(total)}</td>
                <td>
                  {m.unpricedRows > 0 ? (
                    <span className="warn" title="Usage with no applicable price is not counted as $0: add a price with `tally prices set`">
                      {m.unpricedTokens.toLocaleString("en-US")} tokens in {m.unpricedRows.toLocaleString("en-US")} {m.unpricedRows === 1 ? "record" : "records"} without a price
                    </span>
                  ) : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td>All months</td>
            <td className="num">{formatCents(sum((r) => r.training))}</td>
            <td className="num">{formatCents(sum((r) => r.inference))}</td>
            <td className="num" data-testid="grand-total">{formatCents(sum((r) => r.total))}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      </div>
    </>
  );
}
