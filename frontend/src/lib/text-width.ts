import type { TextWidth } from "./label-placement";

/**
 * The width the browser gives a text in `font` (a CSS font shorthand without the family: the page's own
 * family is used), measured on a canvas and remembered per text: a design has a handful of distinct flow
 * labels and store names. Null outside a browser.
 */
export function textWidthIn(font: string): TextWidth | null {
  if (typeof document === "undefined") return null;
  const context = document.createElement("canvas").getContext("2d");
  if (!context) return null;
  context.font = `${font} ${getComputedStyle(document.body).fontFamily}`;
  const widths = new Map<string, number>();
  return (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      width = context.measureText(text).width;
      widths.set(text, width);
    }
    return width;
  };
}

/** Flow labels' text (11 px, weight 550), with a pixel to spare for the canvas's and the label's rounding. */
export function labelTextWidth(): TextWidth | null {
  const width = textWidthIn("550 11px");
  return width && ((text) => Math.ceil(width(text)) + 1);
}

/** Store chips' text (11 px). */
export function chipTextWidth(): TextWidth | null {
  return textWidthIn("11px");
}
