export interface BenchOptions {
  /** Smoke size for CI: proves the benchmark runs, measures nothing meaningful. */
  quick: boolean;
  json: boolean;
}

/** One measured figure, with the baseline measured in the same run where there is one. */
export interface Figure {
  value: number;
  unit: string;
  baseline?: number;
  baselineLabel?: string;
  /** The target in words, e.g. "≥ 10× baseline". */
  target?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<Record<string, Figure>>;
}
