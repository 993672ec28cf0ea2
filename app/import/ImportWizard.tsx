"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { PreviewRow, UploadPreview, UploadStatus } from "@/lib/ingest/uploads";

type Stage =
  | { kind: "idle" }
  | { kind: "uploading"; name: string; loaded: number; total: number }
  | { kind: "preview"; preview: UploadPreview }
  | { kind: "importing"; preview: UploadPreview; status: UploadStatus }
  | { kind: "finished"; preview: UploadPreview; status: UploadStatus };

const REQUIRED = ["time", "model", "input", "output"];
const FIELD_LABELS: Record<string, string> = {
  time: "Time (bucket start)", end: "End time", model: "Model", project: "Project", api_key: "API key", user: "User", batch: "Batch (true/false)",
  tier: "Service tier", requests: "Requests", input: "Input tokens", cached: "Cached input tokens", output: "Output tokens",
};
const pct = (a: number, b: number) => (b > 0 ? Math.min(100, Math.round((a / b) * 100)) : 0);
const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 2 : 0)} MB`;

/** Upload → preview (and column mapping) → import with progress → result. */
export function ImportWizard() {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [saveAs, setSaveAs] = useState("");
  const fileInput = useRef<HTMLInputElement>(null);

  function upload(file: File) {
    setError(null);
    setStage({ kind: "uploading", name: file.name, loaded: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/upload");
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => setStage({ kind: "uploading", name: file.name, loaded: e.loaded, total: e.total || file.size });
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "{}");
      if (xhr.status !== 200) {
        setError(body.error ?? `Upload failed (${xhr.status}).`);
        return setStage({ kind: "idle" });
      }
      const preview = body as UploadPreview;
      if (preview.status === "needs-mapping") setMapping(preview.guess);
      setStage({ kind: "preview", preview });
    };
    xhr.onerror = () => { setError("The upload did not reach the server. Is Tokentally still running?"); setStage({ kind: "idle" }); };
    xhr.send(file);
  }

  const spec = () => Object.entries(mapping).filter(([, h]) => h).map(([f, h]) => `${f}=${h}`).join(",");

  async function previewWithMapping(id: string) {
    setError(null);
    const res = await fetch(`/api/uploads/${id}/preview`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mapping: spec() }) });
    const body = await res.json();
    if (!res.ok) return setError(body.error);
    setStage({ kind: "preview", preview: body });
  }

  async function startImport(preview: Extract<UploadPreview, { status: "ready" }>) {
    setError(null);
    const res = await fetch(`/api/uploads/${preview.id}/import`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ mapping: preview.mapping, saveMappingAs: preview.mapping && saveAs.trim() ? saveAs.trim() : undefined }),
    });
    const body = await res.json();
    if (!res.ok) return setError(body.error);
    setStage({ kind: "importing", preview, status: body });
  }

  // poll the import's progress until it ends
  useEffect(() => {
    if (stage.kind !== "importing") return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/uploads/${stage.preview.id}`);
      if (!res.ok) return;
      const status: UploadStatus = await res.json();
      if (status.state === "importing") return setStage({ ...stage, status });
      clearInterval(timer);
      setStage({ kind: "finished", preview: stage.preview, status });
      router.refresh();
    }, 400);
    return () => clearInterval(timer);
  }, [stage, router]);

  const reset = () => { setStage({ kind: "idle" }); setError(null); setSaveAs(""); if (fileInput.current) fileInput.current.value = ""; };

  return (
    <section className="card" data-testid="import-wizard">
      <h2>Import a usage file</h2>
      {stage.kind === "idle" ? (
        <label className="dropzone">
          <span>Choose a CSV or JSON file: OpenAI&apos;s usage or costs export, a fine-tuning jobs list, a Usage API page, or any CSV (you map its columns).</span>
          <input ref={fileInput} type="file" accept=".csv,.json,.txt,text/csv,application/json" data-testid="file-input" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
        </label>
      ) : null}

      {stage.kind === "uploading" ? (
        <div data-testid="upload-progress">
          <p>Uploading <strong>{stage.name}</strong>: {mb(stage.loaded)} of {mb(stage.total)}</p>
          <div className="progress" role="progressbar" aria-label="Upload" aria-valuenow={pct(stage.loaded, stage.total)}><div style={{ width: `${pct(stage.loaded, stage.total)}%` }} /></div>
        </div>
      ) : null}

      {stage.kind === "preview" && stage.preview.status === "refused" ? (
        <div>
          <div className="banner error-banner" role="alert" data-testid="refused"><strong>{stage.preview.name} cannot be imported.</strong> {stage.preview.message}</div>
          <button onClick={reset}>Choose another file</button>
        </div>
      ) : null}

      {stage.kind === "preview" && stage.preview.status === "needs-mapping" ? (() => {
        const p = stage.preview;
        const missing = REQUIRED.filter((f) => !mapping[f]);
        return (
          <div data-testid="mapper">
            <p><strong>{p.name}</strong> is not a format Tokentally knows, so tell it which column holds what. <span className="muted">{p.message}</span></p>
            <div className="grid-form">
              {p.fields.map((f) => (
                <label key={f}>
                  {FIELD_LABELS[f] ?? f}{REQUIRED.includes(f) ? " *" : ""}
                  <select value={mapping[f] ?? ""} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value })} data-field={f}>
                    <option value="">—</option>
                    {p.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                  </select>
                </label>
              ))}
            </div>
            <p className="sub">* required. {missing.length ? `Still to map: ${missing.map((f) => FIELD_LABELS[f]).join(", ")}.` : ""}</p>
            <button className="primary" disabled={missing.length > 0} onClick={() => previewWithMapping(p.id)}>Preview with this mapping</button> <button onClick={reset}>Cancel</button>
          </div>
        );
      })() : null}

      {stage.kind === "preview" && stage.preview.status === "ready" ? (() => {
        const p = stage.preview;
        return (
          <div data-testid="preview">
            <p>
              <strong>{p.name}</strong> ({mb(p.size)}) reads as <strong data-testid="detected-format">{p.formatName}</strong>. Its first rows, priced as they will be stored:
            </p>
            {p.alreadyImported ? <div className="banner warn-banner">This exact file was imported before (import #{p.alreadyImported}): importing it again adds nothing; changed rows would be updated.</div> : null}
            <PreviewTable rows={p.rows} />
            {p.mapping ? (
              <label className="inline-form" style={{ maxWidth: 480 }}>
                <span className="sub" style={{ alignSelf: "center" }}>Save mapping for the inbox as</span>
                <input value={saveAs} onChange={(e) => setSaveAs(e.target.value)} placeholder="name (optional)" />
              </label>
            ) : null}
            <p>
              <button className="primary" onClick={() => startImport(p)} data-testid="confirm-import">Import {p.name}</button> <button onClick={reset}>Cancel</button>
            </p>
          </div>
        );
      })() : null}

      {stage.kind === "importing" ? (
        <div data-testid="import-progress">
          <p>Importing <strong>{stage.preview.name}</strong>: {stage.status.rows.toLocaleString("en-US")} rows read</p>
          <div className="progress" role="progressbar" aria-label="Import" aria-valuenow={pct(stage.status.bytes, stage.status.size)}><div style={{ width: `${pct(stage.status.bytes, stage.status.size)}%` }} /></div>
        </div>
      ) : null}

      {stage.kind === "finished" ? <ImportOutcome status={stage.status} name={stage.preview.name} onAgain={reset} /> : null}
      {error ? <div className="banner error-banner" role="alert">{error}</div> : null}
    </section>
  );
}

function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  if (rows.length === 0) return <p className="muted">The file has a header but no rows.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="preview-table">
        <thead><tr><th>Line</th><th>Day</th><th>Model / item</th><th>Project · key</th><th>Tokens</th><th className="num">Cost</th></tr></thead>
        <tbody>
          {rows.map((r, i) => r.kind === "reject" ? (
            <tr key={i} className="rejected"><td>{r.line ?? "—"}</td><td colSpan={4}><span className="warn">rejected</span> {r.reason}<div className="sub"><code>{r.what}</code></div></td><td /></tr>
          ) : (
            <tr key={i}><td>{r.line ?? "—"}</td><td>{r.day}</td><td><code>{r.what}</code></td><td>{r.detail}</td><td>{r.tokens}</td><td className="num">{r.usd == null ? <span className="warn">unpriced</span> : `$${r.usd}`}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportOutcome({ status, name, onAgain }: { status: UploadStatus; name: string; onAgain: () => void }) {
  const r = status.result;
  return (
    <div data-testid="import-result">
      {status.state === "done" && r ? (
        <div className={`banner ${r.rejected ? "warn-banner" : "ok-banner"}`} role="status">
          <strong>{name} imported.</strong> {r.imported.toLocaleString("en-US")} new, {r.updated.toLocaleString("en-US")} updated, {r.duplicates.toLocaleString("en-US")} already there,{" "}
          {r.rejected.toLocaleString("en-US")} rejected{r.skipped ? `, ${r.skipped} jobs that did not succeed (no cost)` : ""}.
          {r.rejected ? <> Rejected rows are kept with import #{r.importId}: <a href={`/api/imports/${r.importId}/rejected`}>download them</a>.</> : null}
        </div>
      ) : (
        <div className="banner error-banner" role="alert"><strong>{name} was {status.state === "refused" ? "refused" : "not imported"}.</strong> {status.error}</div>
      )}
      {r && r.errors.length ? (
        <ul className="sub">{r.errors.slice(0, 5).map((e, i) => <li key={i}>line {e.line ?? "—"}: {e.reason}</li>)}{r.errors.length > 5 ? <li>… {r.errors.length - 5} more in the download</li> : null}</ul>
      ) : null}
      <button onClick={onAgain}>Import another file</button> <a className="button" href="/">See the overview</a>
    </div>
  );
}
