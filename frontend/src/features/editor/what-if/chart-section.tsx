import type { ReactNode } from "react";

/** One chart of the What-if panel: a labelled region with its heading. */
export function ChartSection({
  label,
  heading,
  children,
}: {
  label: string;
  heading: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="inspector-section" aria-label={label}>
      <h3>{heading}</h3>
      {children}
    </section>
  );
}
