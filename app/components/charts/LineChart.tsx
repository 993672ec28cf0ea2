"use client";
import { Line } from "react-chartjs-2";
import { moneyOptions, PALETTE } from "./theme";

export interface LineSeries {
  label: string;
  cents: (number | null)[];
  /** solid: measured; dashed: projected; limit: a threshold line; band-low/band-high: an interval, shaded between */
  style: "solid" | "dashed" | "limit" | "band-low" | "band-high";
  colour?: string;
}

const BAND = "rgba(36, 86, 214, 0.13)";

/** Money over a sequence (days, volumes): lines, a projection with its shaded interval, limits. */
export function LineChart({ labels, series, yTitle, xTitle, height = 300, testId }: { labels: string[]; series: LineSeries[]; yTitle?: string; xTitle?: string; height?: number; testId?: string }) {
  const options = moneyOptions<"line">({ yTitle });
  if (xTitle) options.scales!.x = { ...options.scales!.x, title: { display: true, text: xTitle } };
  // the band's two edges are one idea: only the upper edge is named in the legend
  options.plugins!.legend!.labels = { ...options.plugins!.legend!.labels, filter: (item, data) => !String(data.datasets[item.datasetIndex!]?.label ?? "").startsWith("\u200b") };
  let colour = 0;
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Line
        options={options}
        data={{
          labels,
          datasets: series.map((s, i) => {
            const c = s.colour ?? (s.style.startsWith("band") ? BAND : PALETTE[colour++ % PALETTE.length]);
            const base = { label: s.label, data: s.cents, borderColor: c, backgroundColor: c, pointRadius: 0, pointHitRadius: 6, borderWidth: 2, spanGaps: false };
            switch (s.style) {
              case "dashed": return { ...base, borderDash: [6, 4] };
              case "limit": return { ...base, borderDash: [2, 3], borderWidth: 1.5 };
              case "band-low": return { ...base, label: `\u200b${s.label}`, borderWidth: 0, fill: false };
              case "band-high": return { ...base, borderWidth: 0, fill: i - 1 };
              default: return base;
            }
          }),
        }}
      />
    </div>
  );
}
