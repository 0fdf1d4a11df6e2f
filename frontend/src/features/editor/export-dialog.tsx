import { useId, useState } from "react";
import type { ExportBackground } from "../../api/contract";
import { currentTheme } from "../shell/theme";
import { Dialog } from "./dialogs";

const BACKGROUNDS: { value: ExportBackground; label: string; hint: string }[] = [
  { value: "light", label: "Light", hint: "Dark ink on white." },
  { value: "dark", label: "Dark", hint: "Light ink on a dark page." },
  { value: "transparent", label: "Transparent", hint: "No page colour, for sites of either theme." },
];

/** Before a drawn export (SVG, PNG, PDF, DOT): which background it gets, the current theme's by default. */
export function ExportDialog({
  label,
  onClose,
  onExport,
  returnFocusTo,
}: {
  label: string;
  onClose: () => void;
  onExport: (background: ExportBackground) => void;
  returnFocusTo: () => HTMLElement | null | undefined;
}) {
  const [background, setBackground] = useState<ExportBackground>(() => currentTheme());
  const name = useId();
  return (
    <Dialog
      title={`Export ${label}`}
      onClose={onClose}
      returnFocusTo={returnFocusTo}
      actions={
        <>
          <button type="button" className="button button-primary" onClick={() => onExport(background)}>
            Download
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <fieldset className="export-backgrounds">
        <legend>Background</legend>
        {BACKGROUNDS.map((option) => (
          <label key={option.value} className="export-background">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={background === option.value}
              onChange={() => setBackground(option.value)}
              // The native dialog focuses the element carrying the attribute when it opens (React's
              // autoFocus prop focuses before showModal, which would move the focus again).
              ref={(input) => {
                if (input && option.value === background) input.setAttribute("autofocus", "");
                else input?.removeAttribute("autofocus");
              }}
            />
            <span>
              {option.label}
              <span className="muted small"> — {option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
