/**
 * What a model id says about the model: whether it is a fine-tune, which snapshot it was trained from,
 * and its family (the snapshot without its date), which is what the price book is keyed on.
 *   ft:gpt-4o-mini-2024-07-18:acme:support:AbC123 → fine-tuned, snapshot gpt-4o-mini-2024-07-18, family gpt-4o-mini
 *   gpt-3.5-turbo-0125                            → base, family gpt-3.5-turbo
 */
export interface ModelIdentity {
  id: string;
  fineTuned: boolean;
  snapshot: string;
  family: string;
}

const DATED = /-(\d{4}-\d{2}-\d{2}|\d{4})$/;

export function parseModelId(id: string): ModelIdentity {
  const trimmed = id.trim();
  const fineTuned = trimmed.startsWith("ft:");
  const snapshot = fineTuned ? trimmed.slice(3).split(":")[0] : trimmed;
  return { id: trimmed, fineTuned, snapshot, family: snapshot.replace(DATED, "") };
}

/** A short name for narrow places (chart legends): ft:gpt-4o-2024-08-06:acme:writer:Zt7Hw1 → "writer:Zt7Hw1 (gpt-4o)". */
export function shortModelName(id: string): string {
  const m = parseModelId(id);
  if (!m.fineTuned) return id;
  const [, , , suffix, jobId] = id.split(":");
  const name = [suffix, jobId].filter(Boolean).join(":");
  return name ? `${name} (${m.family})` : id;
}
