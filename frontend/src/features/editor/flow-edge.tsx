import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import { curveOf, isU, pointOnFlow, type FlowEnds } from "../../lib/label-placement";
import type { CanvasEdge } from "./types";

/** Lets an edge label select its flow: labels live outside the SVG, so edge clicks miss them. */
export const SelectFlowContext = createContext<(id: string) => void>(() => undefined);

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
  const ends: FlowEnds = {
    sx: sourceX,
    sy: sourceY,
    sourceSide: sourcePosition,
    tx: targetX,
    ty: targetY,
    targetSide: targetPosition,
    lane: data?.lane ?? 0,
  };
  // A flow back to the left, or to its own node, is a U below both ends (bottom to bottom).
  const [, , c1x, c1y, c2x, c2y] = curveOf(ends);
  const path = isU(ends)
    ? `M${sourceX},${sourceY} C${c1x},${c1y} ${c2x},${c2y} ${targetX},${targetY}`
    : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition })[0];
  // The canvas model chose the spot along the curve where this label covers no other (see label-placement).
  const labelAt = data?.labelAt ?? null;
  const [labelX, labelY] = labelAt === null ? [0, 0] : pointOnFlow(ends, labelAt);
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
      {data?.label && labelAt !== null && (
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
