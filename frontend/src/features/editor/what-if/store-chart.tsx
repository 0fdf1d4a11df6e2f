import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { cssToken } from "../../../lib/css-token";
import { formatRate } from "./overlay";

/** Bytes per second into one store, and read from it by its readers, over the run (one axis). */
export function StoreChart({
  storeId,
  times,
  arriving,
  read,
}: {
  storeId: string;
  times: readonly number[];
  arriving: readonly number[];
  read: readonly number[] | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const series: uPlot.Series[] = [
      {},
      { label: "in", scale: "rate", stroke: cssToken(element, "--sim-ample"), width: 2 },
    ];
    const data: uPlot.AlignedData = [[...times], [...arriving]];
    if (read) {
      series.push({
        label: "read",
        scale: "rate",
        stroke: cssToken(element, "--chart-read"),
        width: 1.5,
        dash: [6, 4],
      });
      data.push([...read]);
    }
    const chart = new uPlot(
      {
        width: Math.max(240, element.clientWidth || 320),
        height: 160,
        scales: { x: { time: false }, rate: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
        axes: [
          { label: "minutes", values: (_u, ticks) => ticks.map((t) => String(Math.round(t / 60))) },
          { scale: "rate", values: (_u, ticks) => ticks.map(formatRate), size: 72 },
        ],
        series,
        legend: { show: true },
      },
      data,
      element,
    );
    return () => chart.destroy();
  }, [times, arriving, read]);
  return <div ref={box} className="what-if-chart" role="img" aria-label={`Rates of ${storeId} over time`} />;
}
