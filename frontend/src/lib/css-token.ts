/**
 * A design token's value as it applies to `element` now (the theme's, light or dark), for drawing on a
 * canvas, which cannot take var(). Read it when drawing: a theme switch changes it.
 */
export function cssToken(element: Element, name: `--${string}`): string {
  return getComputedStyle(element).getPropertyValue(name).trim();
}
