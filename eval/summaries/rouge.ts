/**
 * ROUGE-1 and ROUGE-L F1 (Lin, 2004), computed here so the numbers are reproducible without a
 * Python toolkit. Tokens are lower-cased runs of letters and digits; no stemming and no stopword
 * removal. ROUGE-L treats each summary as one token sequence (the longest common subsequence of
 * the two sequences), which is the common "summary as one sentence" simplification.
 */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function f1(overlap: number, candidate: number, reference: number): number {
  if (!overlap || !candidate || !reference) return 0;
  const precision = overlap / candidate;
  const recall = overlap / reference;
  return (2 * precision * recall) / (precision + recall);
}

export function rouge1(candidate: string, reference: string): number {
  const c = tokens(candidate);
  const r = tokens(reference);
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of c) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(t, left - 1);
    }
  }
  return f1(overlap, c.length, r.length);
}

export function rougeL(candidate: string, reference: string): number {
  const c = tokens(candidate);
  const r = tokens(reference);
  let prev = new Array<number>(r.length + 1).fill(0);
  for (let i = 1; i <= c.length; i++) {
    const row = new Array<number>(r.length + 1).fill(0);
    for (let j = 1; j <= r.length; j++) {
      row[j] = c[i - 1] === r[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    prev = row;
  }
  return f1(prev[r.length]!, c.length, r.length);
}
