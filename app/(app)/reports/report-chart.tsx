"use client";

// Drawn with Chart.js on a canvas. Loaded with next/dynamic from the report view only, so no
// other page carries it; only the pieces these charts use are registered.
import { useEffect, useRef } from "react";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { formatValue, type ChartSpec } from "./chart-spec";

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

const TONES = {
  primary: { solid: "#06b6d4", soft: "rgba(6, 182, 212, 0.18)" },
  light: { solid: "#a5f3fc", soft: "rgba(165, 243, 252, 0.18)" },
  muted: { solid: "rgba(255, 255, 255, 0.35)", soft: "rgba(255, 255, 255, 0.08)" },
} as const;
const GRID = "rgba(255, 255, 255, 0.08)";
const TICK = "rgba(255, 255, 255, 0.55)";

function configOf(spec: ChartSpec, reducedMotion: boolean): ChartConfiguration<"bar" | "line"> {
  const valueAxis = spec.horizontal ? "x" : "y";
  const categoryAxis = spec.horizontal ? "y" : "x";
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.values,
        backgroundColor: spec.type === "line" ? TONES[s.tone].soft : TONES[s.tone].solid,
        borderColor: TONES[s.tone].solid,
        borderWidth: spec.type === "line" ? 2 : 0,
        borderRadius: spec.type === "bar" ? 6 : 0,
        maxBarThickness: 22,
        fill: spec.type === "line",
        tension: 0.3,
        cubicInterpolationMode: "monotone",
        pointRadius: spec.labels.length > 40 ? 0 : 2,
        pointHoverRadius: 4,
      })),
    },
    options: {
      indexAxis: spec.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 400 },
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: TICK, boxWidth: 10, boxHeight: 10, font: { size: 11 } } },
        tooltip: { callbacks: { label: (item) => ` ${item.dataset.label}: ${formatValue(item.raw as number | null, spec.unit)}` } },
      },
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          max: spec.max,
          grid: { color: GRID },
          border: { display: false },
          ticks: { color: TICK, font: { size: 11 }, maxTicksLimit: 6, callback: (v: string | number) => formatValue(Number(v), spec.unit) },
        },
        [categoryAxis]: {
          grid: { display: false },
          border: { color: GRID },
          ticks: { color: TICK, font: { size: 11 }, autoSkip: true, maxRotation: 0 },
        },
      },
    },
  };
}

export default function ReportChart({ spec, label }: { spec: ChartSpec; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const chart = new Chart(canvas.current!, configOf(spec, reducedMotion));
    return () => chart.destroy();
  }, [spec]);
  // The numbers are in the card's table; the canvas says what it shows.
  return <canvas ref={canvas} role="img" aria-label={label} />;
}
