import { useState } from "react";
import type { ApiError } from "../../../api/client";
import { api } from "../../../api/client";
import type { DesignDocument, Finding, SimulationResult } from "../../../api/contract";
import { jobErrorText } from "../../../lib/job-errors";
import { runJob, type JobProgress } from "../use-job";
import { ChartSection } from "./chart-section";
import { LagChart } from "./lag-chart";
import { chartedSeries, storeChoices } from "./series";
import { StoreChart } from "./store-chart";
import {
  formatBytes,
  formatDuration,
  formatRate,
  runningFlows,
  simulationRequest,
  type ProfileChoice,
} from "./overlay";

type Shape = ProfileChoice["shape"];

/** Outage choices: every location, and every region and provider more than one location shares. */
function outageChoices(document: DesignDocument): { value: string; label: string }[] {
  const locations = document.locations ?? [];
  const out = locations.map((l) => ({ value: l.id, label: `${l.name} (${l.id})` }));
  for (const key of ["region", "provider"] as const) {
    const values = [...new Set(locations.map((l) => l[key]).filter((v): v is string => !!v))].sort();
    for (const value of values) {
      if (locations.filter((l) => l[key] === value).length > 1 && !out.some((o) => o.value === value))
        out.push({ value, label: `${key} ${value}` });
    }
  }
  return out;
}

/**
 * The "What if" panel: a profile and an outage to choose, a simulation job of the saved design, then a
 * table of each consumer's backlog, lag and drain time, the findings (each selects what it names), a
 * chart of backlog and lag over time per consumer and one of rates per store. With an outage, the table,
 * the charts and the findings are those of the run during the outage.
 */
export function WhatIfPanel({
  designId,
  document,
  save,
  signal,
  gone,
  onResult,
  onSelectFinding,
  onClose,
  onJobsDown,
}: {
  designId: number;
  document: DesignDocument;
  save: () => Promise<number | null>;
  signal: () => AbortSignal;
  gone: () => boolean;
  onResult: (result: SimulationResult | null) => void;
  onSelectFinding: (finding: Finding) => void;
  onClose: () => void;
  onJobsDown: (message: string) => void;
}) {
  const [shape, setShape] = useState<Shape>("spike");
  const [factor, setFactor] = useState(10);
  const [minutes, setMinutes] = useState(10);
  const [outage, setOutage] = useState("");
  const [running, setRunning] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [charted, setCharted] = useState<string | null>(null);
  const [chartedStore, setChartedStore] = useState<string | null>(null);

  const run = async () => {
    if (running) return;
    setError(null);
    const revision = await save();
    if (revision === null) return;
    setRunning({ progress: 0, phase: "queued" });
    try {
      const profile: ProfileChoice = shape === "spike" ? { shape, factor, minutes } : { shape };
      const job = await runJob(
        () => api.startSimulation(designId, simulationRequest(profile, outage || null)),
        setRunning,
        signal(),
      );
      const answer = await api.simulationResult(job.id, signal());
      setResult(answer);
      onResult(answer);
    } catch (caught) {
      if (gone()) return;
      const text = jobErrorText("Simulation", caught as ApiError);
      if (text.jobsDown) onJobsDown(text.message);
      setError(text.message);
    } finally {
      if (!gone()) setRunning(null);
    }
  };

  const flows = result ? runningFlows(result) : [];
  const consumers = flows.filter((f) => f.backlog);
  const series = result ? chartedSeries(result) : undefined;
  const during = result?.outage ? " (during the outage)" : "";
  const stores = series ? storeChoices(series) : [];
  const storeId =
    chartedStore && stores.some((s) => s.id === chartedStore) ? chartedStore : (stores[0]?.id ?? null);
  const storeSeries = storeId && series ? series.stores[storeId] : undefined;
  const chartable = series
    ? Object.keys(series.flows).filter((id) => consumers.some((f) => f.id === id))
    : [];
  const chartId = charted && chartable.includes(charted) ? charted : (chartable[0] ?? null);
  const chartSeries = chartId && series ? series.flows[chartId] : undefined;

  return (
    <aside className="inspector what-if-panel" aria-label="What if">
      <header className="what-if-head">
        <h2>What if</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            onResult(null);
            onClose();
          }}
        >
          Close
        </button>
      </header>
      <section className="inspector-section">
        <div className="field">
          <label htmlFor="what-if-profile">Profile</label>
          <select id="what-if-profile" value={shape} onChange={(e) => setShape(e.target.value as Shape)}>
            <option value="steady">steady</option>
            <option value="daily">daily curve</option>
            <option value="spike">spike</option>
          </select>
        </div>
        {shape === "spike" && (
          <div className="what-if-spike">
            <div className="field">
              <label htmlFor="what-if-factor">× factor</label>
              <input
                id="what-if-factor"
                type="number"
                min={1}
                value={factor}
                onChange={(e) => setFactor(Math.max(1, Number(e.target.value) || 1))}
              />
            </div>
            <div className="field">
              <label htmlFor="what-if-minutes">for minutes</label>
              <input
                id="what-if-minutes"
                type="number"
                min={1}
                value={minutes}
                onChange={(e) => setMinutes(Math.max(1, Number(e.target.value) || 1))}
              />
            </div>
          </div>
        )}
        <div className="field">
          <label htmlFor="what-if-outage">Outage</label>
          <select id="what-if-outage" value={outage} onChange={(e) => setOutage(e.target.value)}>
            <option value="">none</option>
            {outageChoices(document).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void run()}
          disabled={running !== null}
        >
          {running ? `Simulating… ${running.progress}%` : "Simulate"}
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
      {result && (
        <>
          {result.outage && (
            <section className="inspector-section" aria-label="Outage">
              <h3>Down</h3>
              <p className="small">
                {result.outage.down_nodes.length} node(s): {result.outage.down_nodes.join(", ") || "none"}
                {result.outage.lost_flows.length > 0 &&
                  ` · flows lost: ${result.outage.lost_flows.join(", ")}`}
              </p>
            </section>
          )}
          <section className="inspector-section" aria-label="Flows">
            <h3>Flows</h3>
            <table className="what-if-table">
              <thead>
                <tr>
                  <th scope="col">Flow</th>
                  <th scope="col">Peak / capacity</th>
                  <th scope="col">Backlog peak</th>
                  <th scope="col">Lag</th>
                  <th scope="col">Drain</th>
                </tr>
              </thead>
              <tbody>
                {result.flows.map(({ id }) => {
                  const flow = flows.find((f) => f.id === id);
                  if (!flow)
                    return (
                      <tr key={id} data-flow-id={id} className="what-if-lost">
                        <td>{id}</td>
                        <td colSpan={4}>lost: an end is down</td>
                      </tr>
                    );
                  const backlog = flow.backlog;
                  const capacity = flow.capacity_bytes_per_second.value;
                  return (
                    <tr key={id} data-flow-id={id}>
                      <td>
                        {backlog ? (
                          <button type="button" className="link-button" onClick={() => setCharted(id)}>
                            {id}
                          </button>
                        ) : (
                          id
                        )}
                      </td>
                      <td title={flow.utilisation.formula}>
                        {formatRate(flow.peak_offered_bytes_per_second.value ?? 0)} /{" "}
                        {capacity === null ? "unbounded" : formatRate(capacity)}
                      </td>
                      <td title={backlog?.peak_bytes.formula}>
                        {formatBytes(backlog?.peak_bytes.value ?? 0)}
                      </td>
                      <td title={backlog?.peak_lag_s.formula}>
                        {backlog ? formatDuration(backlog.peak_lag_s.value) : "—"}
                      </td>
                      <td title={backlog?.drain_s.formula}>
                        {backlog ? formatDuration(backlog.drain_s.value) : "—"}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          {chartId && chartSeries && series && (
            <ChartSection label="Backlog and lag over time" heading={`Backlog and lag: ${chartId}${during}`}>
              <LagChart
                flowId={chartId}
                times={series.times_s}
                backlog={chartSeries.backlog_bytes}
                lag={chartSeries.lag_s}
              />
            </ChartSection>
          )}
          {storeId && storeSeries && series && (
            <ChartSection label="Rates per store over time" heading={`Rates per store${during}`}>
              <div className="field">
                <label htmlFor="what-if-store">Store</label>
                <select id="what-if-store" value={storeId} onChange={(e) => setChartedStore(e.target.value)}>
                  {stores.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.id} · peak {formatRate(s.peakIn)} in
                      {s.peakOut !== null ? `, ${formatRate(s.peakOut)} read` : ""}
                    </option>
                  ))}
                </select>
              </div>
              <StoreChart
                storeId={storeId}
                times={series.times_s}
                arriving={storeSeries.in_bytes_per_second}
                read={storeSeries.out_bytes_per_second}
              />
            </ChartSection>
          )}
          <section className="inspector-section" aria-label="Simulation findings">
            <h3>Findings ({result.findings.length})</h3>
            <ul className="what-if-findings">
              {result.findings.map((finding, number) => (
                <li key={`${finding.code}-${number}`}>
                  <button
                    type="button"
                    className={`what-if-finding severity-${finding.severity}`}
                    onClick={() => onSelectFinding({ ...finding, path: finding.path ?? [] })}
                  >
                    <code>{finding.code}</code> {finding.message}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </aside>
  );
}
