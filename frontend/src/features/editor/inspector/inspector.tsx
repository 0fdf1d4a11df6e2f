import type { CatalogIndex } from "../../catalog/catalog-context";
import { useEditor, useEditorActions } from "../store/editor-context";
import { DesignInspector } from "./design-inspector";
import { FlowInspector } from "./flow-inspector";
import { NodeInspector } from "./node-inspector";

/** The inspector of the selection: a node, a flow, several elements, or the design itself. */
export function Inspector({ index }: { index: CatalogIndex }) {
  const document = useEditor((s) => s.document);
  const selection = useEditor((s) => s.selection);
  const readOnly = useEditor((s) => s.readOnly);
  const { edit: onChange } = useEditorActions();
  const ids = [...selection];
  const node = ids.length === 1 ? document.nodes.find((n) => n.id === ids[0]) : undefined;
  const flow = ids.length === 1 ? document.flows.find((f) => f.id === ids[0]) : undefined;
  return (
    <aside className="inspector" aria-label="Inspector">
      <fieldset disabled={readOnly} className="inspector-body">
        {node ? (
          <NodeInspector key={node.id} document={document} node={node} index={index} onChange={onChange} />
        ) : flow ? (
          <FlowInspector key={flow.id} document={document} flow={flow} index={index} onChange={onChange} />
        ) : ids.length > 1 ? (
          <p className="muted inspector-multi">
            {ids.length} elements selected. Delete removes them; Ctrl+C copies.
          </p>
        ) : (
          <DesignInspector document={document} onChange={onChange} />
        )}
      </fieldset>
    </aside>
  );
}
