const VERDICT_TEXT: Record<string, string> = {
  impossible: "Impossible",
  kafkaesque: "Kafkaesque",
  sensible: "Sensible",
};

/** The verdict of an analysis (or a pattern's expected one), as a coloured badge. */
export function VerdictBadge({ verdict }: { verdict: string }) {
  return (
    <span className={`verdict verdict-${verdict}`} data-verdict={verdict}>
      {VERDICT_TEXT[verdict] ?? verdict}
    </span>
  );
}
