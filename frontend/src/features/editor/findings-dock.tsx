import { useCallback } from "react";
import type { Finding } from "../../api/contract";
import { endpointNode } from "../../lib/design-ops";
import { fixForFinding } from "../../lib/finding-fixes";
import { FindingsPanel } from "./findings-panel";
import { useEditor, useEditorActions } from "./store/editor-context";
import { useCommands } from "./use-editor-commands";

/** The findings panel at the bottom, fed from the editor store. */
export function FindingsDock() {
  const analysis = useEditor((s) => s.analysis);
  const document = useEditor((s) => s.document);
  const readOnly = useEditor((s) => s.readOnly);
  const active = useEditor((s) => s.activeFinding);
  const expanded = useEditor((s) => s.panels.findings);
  const actions = useEditorActions();
  const commands = useCommands();
  const nameOf = useCallback(
    (ref: string) => document.nodes.find((n) => n.id === endpointNode(ref))?.name ?? ref,
    [document],
  );
  const fixOf = useCallback(
    (finding: Finding) =>
      readOnly ? null : fixForFinding(document, finding, analysis?.result.mechanisms ?? {}),
    [analysis, document, readOnly],
  );
  return (
    <FindingsPanel
      result={analysis?.result ?? null}
      stale={analysis !== null && analysis.document !== document}
      active={active}
      expanded={expanded}
      onToggle={() => actions.togglePanel("findings")}
      onSelect={commands.selectFinding}
      onHover={actions.setHoverFinding}
      nameOf={nameOf}
      fixOf={fixOf}
      onFix={commands.applyFindingFix}
    />
  );
}
