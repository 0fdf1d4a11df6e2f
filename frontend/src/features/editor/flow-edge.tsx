import { BaseEdge, EdgeLabelRenderer, getBezierPath, Position, type EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import type { CanvasEdge } from "./types";

/** Lets an edge label select its flow: labels live outside the SVG, so edge clicks miss them. */
export const SelectFlowContext = createContext<(id: string) => void>(() => undefined);

/** Control-point offset as React Flow computes it for bezier edges. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

/** A point at parameter t on the right-to-left bezier React Flow draws between two handles. */
function pointAt(sx: number, sy: number, tx: number, ty: number, t: number): [number, number] {
  const c1x = sx + controlOffset(tx - sx);
  const c2x = tx - controlOffset(tx - sx);
  const u = 1 - t;
  const x = u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * tx;
  const y = u * u * u * sy + 3 * u * u * t * sy + 3 * u * t * t * ty + t * t * t * ty;
  return [x, y];
}

/** A U below both ends, for a flow back to the left or to its own node (bottom to bottom). */
function uPath(sx: number, sy: number, tx: number, ty: number): [string, number, number] {
  const floor = Math.max(sy, ty) + 46 + Math.abs(tx - sx) * 0.12;
  const path = `M${sx},${sy} C${sx},${floor} ${tx},${floor} ${tx},${ty}`;
  // The curve's lowest point, at t = 0.5.
  return [path, (sx + tx) / 2, 0.125 * sy + 0.75 * floor + 0.125 * ty];
}

function FlowEdgeView(props: EdgeProps<CanvasEdge>) {
  const selectFlow = useContext(SelectFlowContext);
  const {
    id,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    data,
    selected,
    markerEnd,
  } = props;
  const loop = sourcePosition === Position.Bottom && targetPosition === Position.Bottom;
  const vertical =
    (sourcePosition === Position.Bottom && targetPosition === Position.Top) ||
    (sourcePosition === Position.Top && targetPosition === Position.Bottom);
  const [path, midX, midY] = loop
    ? uPath(sourceX, sourceY, targetX, targetY)
    : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  // Two flows in opposite directions share a midpoint; their labels move apart along each curve.
  const [labelX, labelY] =
    data?.twin && sourcePosition === Position.Right && targetPosition === Position.Left
      ? pointAt(sourceX, sourceY, targetX, targetY, 0.3)
      : data?.twin && vertical
        ? [midX, sourceY + (targetY - sourceY) * 0.3]
        : [midX, midY];
  const classes = [
    "flow-edge",
    `mode-${data?.mode ?? "stream"}`,
    selected ? "selected" : "",
    data?.mark ? `mark-${data.mark}` : "",
    data?.severity ? `severity-${data.severity}` : "",
    data?.diff ? `diff-${data.diff}` : "",
    data?.load ? `load headroom-${data.load.headroom}` : "",
    data?.lost ? "lost" : "",
  ].join(" ");
  // Set through the CSSOM (React's style prop), which the strict style-src allows.
  const loadStyle = data?.load ? { strokeWidth: data.load.width, stroke: data.load.colour } : undefined;
  return (
    <>
      {data?.mark === "loop" && <path d={path} className="flow-edge-glow" fill="none" />}
      <BaseEdge
        id={id}
        path={path}
        className={classes}
        markerEnd={markerEnd}
        interactionWidth={18}
        style={loadStyle}
      />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            // Not "nopan": at a small zoom the labels (kept 24 px on screen) cover much of the canvas, and a drag
            // that starts on one must still move the view; a click without a drag still selects the flow.
            className={`edge-label ${classes}`}
            style={{
              transform: `translate(${labelX}px, ${labelY}px) scale(var(--label-scale, 1)) translate(-50%, -50%)`,
            }}
            data-flow-id={id}
            data-width={data.load?.width}
            data-headroom={data.load?.headroom}
            title={data.load?.title}
            role="button"
            tabIndex={0}
            aria-label={`Flow ${id}: ${data.label}`}
            onClick={(event) => {
              event.stopPropagation();
              selectFlow(id);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ") selectFlow(id);
            }}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
