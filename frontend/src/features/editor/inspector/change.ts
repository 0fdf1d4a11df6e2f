import type { DesignDocument } from "../../../api/contract";

/** A local edit of the design: the next document and the undo step's label. */
export type Change = (next: DesignDocument, label: string) => void;
