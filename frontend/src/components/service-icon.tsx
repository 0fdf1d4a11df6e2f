import type { ReactElement } from "react";

/** Line icons drawn for the product on a 24-unit grid; stroke follows currentColor. */
const PATHS: Record<string, ReactElement> = {
  kafka: (
    <>
      <circle cx="12" cy="12" r="2.4" />
      <circle cx="5" cy="6" r="1.8" />
      <circle cx="5" cy="18" r="1.8" />
      <circle cx="19" cy="6" r="1.8" />
      <circle cx="19" cy="18" r="1.8" />
      <path d="M6.5 7.1 10 10.4M6.5 16.9 10 13.6M17.5 7.1 14 10.4M17.5 16.9 14 13.6" />
    </>
  ),
  cassandra: (
    <>
      <ellipse cx="12" cy="6" rx="7" ry="2.6" />
      <path d="M5 6v12c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6V6M5 12c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6" />
    </>
  ),
  "spark-batch": <path d="M12 3v5M12 16v5M3 12h5M16 12h5M6 6l3 3M15 15l3 3M18 6l-3 3M9 15l-3 3" />,
  "spark-streaming": (
    <>
      <path d="M12 3v4M12 13v3M7 9l2.2 2.2M17 9l-2.2 2.2M8 7.5h8" />
      <path d="M3 19c2-2 4-2 6 0s4 2 6 0 4-2 6 0" />
    </>
  ),
  "spark-mllib": (
    <>
      <circle cx="6" cy="7" r="2" />
      <circle cx="6" cy="17" r="2" />
      <circle cx="18" cy="12" r="2" />
      <path d="M8 7.5l8 3.8M8 16.5l8-3.8M6 9v6" />
      <path d="M12 3v2M12 19v2" />
    </>
  ),
  elasticsearch: (
    <>
      <circle cx="10.5" cy="10.5" r="6" />
      <path d="M15 15l5.5 5.5M7.5 10.5h6" />
    </>
  ),
  elassandra: (
    <>
      <ellipse cx="10" cy="6" rx="6" ry="2.3" />
      <path d="M4 6v10c0 1.3 2.7 2.3 6 2.3M16 6v3" />
      <circle cx="16.5" cy="15.5" r="3.2" />
      <path d="M19 18l2.5 2.5" />
    </>
  ),
  kibana: <path d="M4 20h16M7 20v-6M12 20V8M17 20v-9M5 10l5-5 4 3 5-4" />,
  zeppelin: (
    <>
      <rect x="5" y="3.5" width="14" height="17" rx="1.5" />
      <path d="M8.5 8h7M8.5 12h7M8.5 16h4M5 7H3.5M5 12H3.5M5 17H3.5" />
    </>
  ),
  s3: (
    <>
      <path d="M4 6.5l1.8 12.2c.2 1.1 3 1.8 6.2 1.8s6-.7 6.2-1.8L20 6.5" />
      <ellipse cx="12" cy="6.5" rx="8" ry="2.8" />
    </>
  ),
  jdbc: (
    <>
      <rect x="3.5" y="5" width="17" height="14" rx="1.5" />
      <path d="M3.5 10h17M3.5 14.5h17M9.5 10v9" />
    </>
  ),
  "event-source": (
    <>
      <circle cx="12" cy="12" r="2" />
      <path d="M8 8a5.6 5.6 0 0 0 0 8M16 8a5.6 5.6 0 0 1 0 8M5.2 5.2a9.6 9.6 0 0 0 0 13.6M18.8 5.2a9.6 9.6 0 0 1 0 13.6" />
    </>
  ),
  application: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <path d="M9.5 10l-2.5 2.5 2.5 2.5M14.5 10l2.5 2.5-2.5 2.5M3.5 8h17" />
    </>
  ),
  logstash: <path d="M4 5h16l-6 7v6l-4 2v-8z" />,
};

const FALLBACK = <rect x="4.5" y="4.5" width="15" height="15" rx="3" />;

export function ServiceIcon({ service, size = 20 }: { service: string; size?: number }) {
  return (
    <svg
      className="service-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[service] ?? FALLBACK}
    </svg>
  );
}
