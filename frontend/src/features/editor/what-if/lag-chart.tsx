import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { cssToken } from "../../../lib/css-token";
import { formatBytes, formatDuration } from "./overlay";

/** Backlog (bytes, left axis) and lag (seconds, right axis) of one consumer over the run. */
export function LagChart({
  flowId,
  times,
  backlog,
  lag,
}: {
  flowId: string;
  times: readonly number[];
  backlog: readonly number[];
  lag: readonly number[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // uPlot draws on a canvas and sizes its elements through the CSSOM, which the strict CSP allows.
    const chart = new uPlot(
      {
        width: Math.max(240, element.clientWidth || 320),
        height: 180,
        scales: { x: { time: false }, backlog: {}, lag: {} },
        axes: [
          { label: "minutes", values: (_u, ticks) => ticks.map((t) => String(Math.round(t / 60))) },
          { scale: "backlog", values: (_u, ticks) => ticks.map(formatBytes), size: 64 },
          {
            scale: "lag",
            side: 1,
            grid: { show: false },
            values: (_u, ticks) => ticks.map((t) => formatDuration(t)),
            size: 72,
          },
        ],
        series: [
          {},
          { label: "backlog", scale: "backlog", stroke: cssToken(element, "--link-alt"), width: 2 },
          { label: "lag", scale: "lag", stroke: cssToken(element, "--sim-over"), width: 1.5, dash: [6, 4] },
        ],
        legend: { show: true },
      },
      [[...times], [...backlog], [...lag]],
      element,
    );
    return () => chart.destroy();
  }, [times, backlog, lag]);
  return (
    <div
      ref={box}
      className="what-if-chart"
      role="img"
      aria-label={`Backlog and lag of ${flowId} over time`}
    />
  );
}
