import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasEdge } from "./types";

function FlowEdgeView(props: EdgeProps<CanvasEdge>) {
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
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const classes = [
    "flow-edge",
    `mode-${data?.mode ?? "stream"}`,
    selected ? "selected" : "",
    data?.mark ? `mark-${data.mark}` : "",
    data?.severity ? `severity-${data.severity}` : "",
    data?.diff ? `diff-${data.diff}` : "",
  ].join(" ");
  return (
    <>
      {data?.mark === "loop" && <path d={path} className="flow-edge-glow" fill="none" />}
      <BaseEdge id={id} path={path} className={classes} markerEnd={markerEnd} interactionWidth={18} />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label ${classes}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-flow-id={id}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
