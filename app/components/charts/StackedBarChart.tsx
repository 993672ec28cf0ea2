"use client";
import { Bar } from "react-chartjs-2";
import type { TooltipItem } from "chart.js";
import { centsText, moneyOptions, PALETTE, TRAINING_COLOUR } from "./theme";

export interface BarSeries {
  label: string;
  cents: (number | null)[];
  /** "training" series take the training colour */
  kind?: "training";
}

/** Money per category (days, usually), stacked by series; the tooltip lists each part and the total. */
export function StackedBarChart({ labels, series, yTitle, height = 300, testId }: { labels: string[]; series: BarSeries[]; yTitle?: string; height?: number; testId?: string }) {
  const options = moneyOptions<"bar">({ stacked: true, yTitle });
  options.plugins!.tooltip!.callbacks!.footer = (items: TooltipItem<"bar">[]) =>
    `Total: ${centsText(items.reduce((a, i) => a + ((i.raw as number | null) ?? 0), 0))}`;
  let colour = 0;
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Bar
        options={options}
        data={{
          labels,
          datasets: series.map((s) => ({
            label: s.label,
            data: s.cents,
            backgroundColor: s.kind === "training" ? TRAINING_COLOUR : PALETTE[colour++ % PALETTE.length],
            borderRadius: 2,
          })),
        }}
      />
    </div>
  );
}
