import { ImportWizard } from "./ImportWizard";
import { formatCount } from "@/lib/format";
import { SOURCE_NAMES, type ImportSource } from "@/lib/formats";
import { getImports } from "@/lib/queries/getImports";

export const dynamic = "force-dynamic";

export default async function ImportPage() {
  const imports = await getImports(50);
  return (
    <>
      <div className="page-head"><h1>Import</h1></div>
      <ImportWizard />
      <section className="card">
        <h2>Import history</h2>
        {imports.length === 0 ? <p className="muted">Nothing imported yet.</p> : (
          <div className="table-wrap">
            <table data-testid="import-history">
              <thead><tr><th>#</th><th>File</th><th>Format</th><th>When (UTC)</th><th>Status</th><th className="num">New</th><th className="num">Updated</th><th className="num">Duplicates</th><th className="num">Rejected</th></tr></thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id} data-import={i.id}>
                    <td>{i.id}</td>
                    <td>{i.fileName}{i.error ? <div className="sub error">{i.error}</div> : null}</td>
                    <td>{SOURCE_NAMES[i.format as ImportSource] ?? i.format}</td>
                    <td>{i.startedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                    <td>{i.status === "done" ? "done" : i.status === "failed" ? <span className="warn">refused</span> : "running"}</td>
                    <td className="num">{formatCount(i.imported)}</td>
                    <td className="num">{formatCount(i.updated)}</td>
                    <td className="num">{formatCount(i.duplicates)}</td>
                    <td className="num">{i.rejected ? <a href={`/api/imports/${i.id}/rejected`} download>{formatCount(i.rejected)} ↓</a> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="sub">Rejected rows are kept with their import: the ↓ link downloads them with their line and reason. Files dropped in the inbox folder are imported every 5 minutes and listed here too.</p>
      </section>
    </>
  );
}
