import type { TextWidth } from "./label-placement";

/**
 * The width the browser gives a flow label's text (11 px, weight 550, the page's font), measured on a
 * canvas and remembered per text: a design has a handful of distinct labels. Null outside a browser.
 */
export function labelTextWidth(): TextWidth | null {
  if (typeof document === "undefined") return null;
  const context = document.createElement("canvas").getContext("2d");
  if (!context) return null;
  context.font = `550 11px ${getComputedStyle(document.body).fontFamily}`;
  const widths = new Map<string, number>();
  return (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      // A pixel to spare for the difference between the canvas's text and the label's.
      width = Math.ceil(context.measureText(text).width) + 1;
      widths.set(text, width);
    }
    return width;
  };
}
