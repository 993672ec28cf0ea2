"use client";
import {
  BarElement, CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip,
  type ChartOptions, type TooltipItem,
} from "chart.js";

ChartJS.register(BarElement, CategoryScale, LinearScale, LineElement, PointElement, Filler, Legend, Tooltip);
ChartJS.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
ChartJS.defaults.color = "#5b6470";

/** One palette for every chart: series keep their colour across pages by their position. */
export const PALETTE = ["#2456d6", "#e07b39", "#2a9d8f", "#c8467a", "#7b5bd6", "#8a9a2b", "#9aa3ad"];
export const TRAINING_COLOUR = "#f2b134";

/** Whole cents (integers) as "$1,234.56": the same text the tables show. */
export function centsText(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = Math.trunc(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** Axis ticks: "$1.2K", "$35", "$0.50". */
export function centsTick(cents: number): string {
  const usd = cents / 100;
  if (Math.abs(usd) >= 1_000_000) return `$${(usd / 1_000_000).toFixed(1)}M`;
  if (Math.abs(usd) >= 1_000) return `$${(usd / 1_000).toFixed(1)}K`;
  return Number.isInteger(usd) ? `$${usd}` : `$${usd.toFixed(2)}`;
}

/** Options every money chart shares: a money y axis, legend at the bottom, tooltips with exact amounts. */
export function moneyOptions<T extends "bar" | "line">(opts: { stacked?: boolean; yTitle?: string }): ChartOptions<T> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: { position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<T>) => (item.raw == null ? "" : `${(item.dataset as { label?: string }).label}: ${centsText(item.raw as number)}`),
        },
      },
    },
    scales: {
      x: { stacked: opts.stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
      y: { stacked: opts.stacked, beginAtZero: true, title: { display: !!opts.yTitle, text: opts.yTitle ?? "" }, ticks: { callback: (v: number | string) => centsTick(Number(v)) } },
    },
  } as unknown as ChartOptions<T>;
}
