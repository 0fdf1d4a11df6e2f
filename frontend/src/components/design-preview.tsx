import type { DesignDocument } from "../api/contract";
import { categoryColour } from "../lib/categories";

/** A thumbnail of a design: its nodes where the layout puts them, and its flows. */
export function DesignPreview({
  document,
  categoryOf,
}: {
  document: DesignDocument;
  categoryOf: (service: string) => string | undefined;
}) {
  const layout = document.layout ?? {};
  const points = new Map(
    document.nodes.map((node, index) => [
      node.id,
      layout[node.id] ?? { x: (index % 4) * 220, y: Math.floor(index / 4) * 140 },
    ]),
  );
  const xs = [...points.values()].map((p) => p.x);
  const ys = [...points.values()].map((p) => p.y);
  const minX = Math.min(0, ...xs);
  const minY = Math.min(0, ...ys);
  const width = Math.max(400, Math.max(...xs, 0) - minX + 220);
  const height = Math.max(160, Math.max(...ys, 0) - minY + 100);
  return (
    <svg
      className="design-preview"
      viewBox={`${minX - 20} ${minY - 20} ${width} ${height}`}
      aria-hidden="true"
    >
      {document.flows.map((flow) => {
        const a = points.get(flow.from.split("/")[0] ?? "");
        const b = points.get(flow.to.split("/")[0] ?? "");
        if (!a || !b) return null;
        return (
          <line
            key={flow.id}
            x1={a.x + 180}
            y1={a.y + 30}
            x2={b.x}
            y2={b.y + 30}
            stroke="#94a3b8"
            strokeWidth={5}
          />
        );
      })}
      {document.nodes.map((node) => {
        const p = points.get(node.id);
        if (!p) return null;
        return (
          <g key={node.id}>
            <rect
              x={p.x}
              y={p.y}
              width={180}
              height={60}
              rx={10}
              fill="#fff"
              stroke="#cbd5e1"
              strokeWidth={3}
            />
            <rect
              x={p.x}
              y={p.y}
              width={12}
              height={60}
              rx={4}
              fill={categoryColour(categoryOf(node.service))}
            />
          </g>
        );
      })}
    </svg>
  );
}
