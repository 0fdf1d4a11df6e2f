import type { DesignDocument, DesignNode } from "../../../api/contract";
import type { CatalogIndex } from "../../catalog/catalog-context";

/** A local edit of the design: the next document and the undo step's label. */
export type Change = (next: DesignDocument, label: string) => void;

/** What every section of a node's inspector is given: the design, the node, the catalog and the edit. */
export interface NodePanelProps {
  document: DesignDocument;
  node: DesignNode;
  index: CatalogIndex;
  onChange: Change;
}
