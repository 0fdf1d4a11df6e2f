import type { DesignDocument } from "../api/contract";
import { categoryColour } from "../lib/categories";
import { previewGeometry } from "../lib/preview-geometry";

/** A thumbnail of a design: its nodes where the layout puts them, coloured by category, and its flows. */
export function DesignPreview({
  document,
  categoryOf,
}: {
  document: DesignDocument;
  categoryOf: (service: string) => string | undefined;
}) {
  const geometry = previewGeometry(document, categoryOf);
  return (
    <svg
      className="design-preview"
      viewBox={geometry.viewBox}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`Preview: ${document.nodes.length} services, ${document.flows.length} flows`}
    >
      {geometry.locations.map((box) => (
        <rect
          key={box.id}
          className="preview-location"
          x={box.x}
          y={box.y}
          width={box.width}
          height={box.height}
          rx={14}
        />
      ))}
      {geometry.edges.map((edge) => (
        <path key={edge.id} className="preview-edge" d={edge.d} />
      ))}
      {geometry.nodes.map((node) => {
        const colour = categoryColour(node.category);
        // The card, then the category's tint over it.
        const box = { x: node.x, y: node.y, width: node.width, height: node.height, rx: 10 };
        return (
          <g key={node.id} className="preview-node" data-node-id={node.id}>
            <rect {...box} style={{ fill: "var(--panel)" }} />
            <rect
              {...box}
              // Set by style: the colour is a CSS custom property, which attributes do not resolve.
              style={{ fill: colour, stroke: colour }}
              fillOpacity={0.14}
              strokeWidth={3}
            />
            <rect x={node.x} y={node.y} width={14} height={node.height} rx={5} style={{ fill: colour }} />
          </g>
        );
      })}
    </svg>
  );
}
