import type { PropertySpec } from "../../../api/contract";
import { regexListProblem } from "../../../lib/naming";

function propertyProblem(spec: PropertySpec, value: unknown): string | null {
  if (value === undefined || value === "") return spec.required ? "Required." : null;
  if (spec.type === "integer" && !Number.isInteger(value)) return "A whole number.";
  if (spec.type === "number" && typeof value !== "number") return "A number.";
  if (spec.type === "enum" && !spec.choices.includes(String(value)))
    return `One of ${spec.choices.join(", ")}.`;
  // Read as the server's Python reads them (Unicode \w and all), not as JavaScript would.
  if (spec.type === "regex-list" && typeof value === "string") return regexListProblem(value);
  return null;
}

export function PropertyField({
  spec,
  value,
  onChange,
  idPrefix,
}: {
  spec: PropertySpec;
  value: unknown;
  onChange: (value: unknown) => void;
  idPrefix: string;
}) {
  const id = `${idPrefix}-${spec.name}`;
  const problem = propertyProblem(spec, value);
  const placeholder = spec.default === null || spec.default === undefined ? "" : String(spec.default);
  let input;
  if (spec.type === "enum") {
    input = (
      <select
        id={id}
        value={value === undefined ? "" : String(value)}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{placeholder ? `default (${placeholder})` : "—"}</option>
        {spec.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === "boolean") {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={value === undefined ? spec.default === true : value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else {
    const numeric = spec.type === "integer" || spec.type === "number";
    input = (
      <input
        id={id}
        type={numeric ? "number" : "text"}
        value={value === undefined ? "" : String(value)}
        placeholder={placeholder}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          if (raw === "") onChange(undefined);
          else onChange(numeric ? Number(raw) : raw);
        }}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id} title={spec.description}>
        {spec.name}
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {input}
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : (
        spec.description && <span className="field-help">{spec.description}</span>
      )}
    </div>
  );
}

/** A source's load, read by the simulation (DESIGN.md "What-if"); empty means the catalog default. */
export const LOAD_PROPERTIES: PropertySpec[] = [
  {
    name: "events_per_second",
    type: "number",
    default: null,
    choices: [],
    description: "Events the source sends per second (empty: the catalog default).",
    required: false,
  },
  {
    name: "record_bytes",
    type: "number",
    default: null,
    choices: [],
    description: "Average size of one event in bytes (empty: the catalog default).",
    required: false,
  },
];

/** The properties with one changed; undefined removes it (the catalog default applies). */
export function setProperty(properties: Record<string, unknown> | undefined, name: string, value: unknown) {
  const next = { ...properties };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}
