"use client";
import { useState } from "react";

interface Estimate {
  model: string; encoding: string; examples: number; tokens: number; minTokens: number; maxTokens: number; epochs: number; trainedTokens: number;
  forms: { chat: number; "prompt-completion": number }; invalid: { line: number; reason: string }[]; samples: { line: number; tokens: number; preview: string }[];
  trainingPricePerMillion: string | null; costUsd: string | null; error?: string;
}

const n = (v: number) => v.toLocaleString("en-US");

/** Upload a JSONL training file; the server counts its tokens with the model's tokenizer and prices the training. */
export function TrainingFileEstimator({ models }: { models: string[] }) {
  const [model, setModel] = useState(models.includes("gpt-4o-mini") ? "gpt-4o-mini" : models[0] ?? "");
  const [epochs, setEpochs] = useState("3");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Estimate | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function estimate(file: File) {
    setBusy(true); setError(null); setResult(null);
    try {
      const res = await fetch(`/api/training-file?model=${encodeURIComponent(model)}&epochs=${encodeURIComponent(epochs)}`, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } });
      const body = await res.json();
      if (!res.ok) setError(body.error ?? `The estimate failed (${res.status}).`);
      else setResult(body);
    } catch {
      setError("The file did not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="training-estimator">
      <div className="grid-form">
        <label>Model<select value={model} onChange={(e) => setModel(e.target.value)}>{models.map((m) => <option key={m}>{m}</option>)}</select></label>
        <label>Epochs<input value={epochs} onChange={(e) => setEpochs(e.target.value)} inputMode="numeric" /></label>
        <label>JSONL training file<input type="file" accept=".jsonl,.json,.txt" disabled={busy} data-testid="training-file" onChange={(e) => e.target.files?.[0] && estimate(e.target.files[0])} /></label>
      </div>
      {busy ? <p className="muted">Counting tokens…</p> : null}
      {error ? <div className="banner error-banner" role="alert">{error}</div> : null}
      {result ? (
        <div data-testid="training-estimate">
          <div className="figures">
            <div className="figure"><div className="sub">Examples</div><div className="value">{n(result.examples)}</div><div className="sub">{n(result.forms.chat)} chat · {n(result.forms["prompt-completion"])} prompt/completion</div></div>
            <div className="figure"><div className="sub">Tokens ({result.encoding})</div><div className="value" data-testid="file-tokens">{n(result.tokens)}</div><div className="sub">{result.examples ? `${n(result.minTokens)}–${n(result.maxTokens)} per example` : ""}</div></div>
            <div className="figure"><div className="sub">Trained tokens (× {result.epochs} epochs)</div><div className="value">{n(result.trainedTokens)}</div></div>
            <div className="figure"><div className="sub">Training cost</div><div className="value" data-testid="file-cost">{result.costUsd == null ? "no price" : `$${result.costUsd}`}</div><div className="sub">{result.trainingPricePerMillion ? `at $${result.trainingPricePerMillion} per 1M trained tokens` : `no training price for ${result.model}: add one on the Pricing page`}</div></div>
          </div>
          {result.invalid.length ? (
            <div className="banner warn-banner" data-testid="invalid-lines">
              <strong>{n(result.invalid.length)} invalid {result.invalid.length === 1 ? "line" : "lines"}</strong> (not counted; OpenAI would refuse the file until they are fixed):
              <ul>{result.invalid.slice(0, 50).map((i) => <li key={i.line}>line {i.line}: {i.reason}</li>)}</ul>
              {result.invalid.length > 50 ? <p>… and {n(result.invalid.length - 50)} more.</p> : null}
            </div>
          ) : <p className="sub">Every line is a valid example.</p>}
          {result.samples.length ? (
            <details><summary>First examples</summary><ul className="sub">{result.samples.map((s) => <li key={s.line}>line {s.line}: {n(s.tokens)} tokens — <code>{s.preview}</code></li>)}</ul></details>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
