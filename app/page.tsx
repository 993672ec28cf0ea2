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
  // rows are rounded so that they add up to the rounded total shown below them
  const cents = allocateCents(months.map((m) => m.costPico));
  const total = cents.reduce((a, b) => a + b, 0n);
  return (
    <>
      <h1>Spend by month</h1>
      <div className="table-wrap">
      <table data-testid="months">
        <thead>
          <tr><th>Month</th><th className="num">Training</th><th className="num">Inference</th><th className="num">Total</th><th>Unpriced</th></tr>
        </thead>
        <tbody>
          {months.map((m, i) => {
            const [training, inference] = allocateCents([m.trainingPico, m.inferencePico]);
            return (
              <tr key={m.month} data-month={m.month}>
                <td>{monthName(m.month)}</td>
                <td className="num">{formatCents(training)}</td>
                <td className="num">{formatCents(inference)}</td>
                <td className="num" data-testid="month-total">{formatCents(cents[i])}</td>
                <td>{m.unpricedTokens > 0 ? <span className="warn">{m.unpricedTokens.toLocaleString("en-US")} tokens without a price</span> : ""}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr><td>All months</td><td /><td /><td className="num" data-testid="grand-total">{formatCents(total)}</td><td /></tr>
        </tfoot>
      </table>
      </div>
    </>
  );
}
