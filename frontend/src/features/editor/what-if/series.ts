/**
 * Pure helpers for the What-if charts: which run's series a result charts, and the stores it can chart.
 */
import type { SimulationResult } from "../../../api/contract";
import type { components } from "../../../api/generated/schema";

export type SimulationSeries = components["schemas"]["SeriesOut"];

/** The series of the run a result describes: the outage's own when there was one, else the normal run's. */
export function chartedSeries(result: SimulationResult): SimulationSeries {
  return result.outage?.series ?? result.series;
}

export interface StoreChoice {
  id: string;
  /** Peak bytes per second arriving over the run. */
  peakIn: number;
  /** Peak bytes per second its readers read (null when the result carries no read series). */
  peakOut: number | null;
}

function peak(values: readonly number[]): number {
  let top = 0;
  for (const value of values) if (value > top) top = value;
  return top;
}

/** The stores a series charts, in the server's order (busiest first), with their peaks for the picker. */
export function storeChoices(series: SimulationSeries): StoreChoice[] {
  return Object.entries(series.stores).map(([id, rates]) => ({
    id,
    peakIn: peak(rates.in_bytes_per_second),
    peakOut: rates.out_bytes_per_second ? peak(rates.out_bytes_per_second) : null,
  }));
}
