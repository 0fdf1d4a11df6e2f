import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { ContainerFlowNode } from "./types";

function ContainerNodeView({ data, width, height }: NodeProps<ContainerFlowNode>) {
  return (
    <div
      className={`container-node container-${data.kind}`}
      style={{ width, height }}
      aria-label={`${data.kind} ${data.label}`}
    >
      <div className="container-label">
        <span className="container-name">{data.label}</span>
        {data.detail && <span className="container-detail">{data.detail}</span>}
      </div>
    </div>
  );
}

export const ContainerNode = memo(ContainerNodeView);
