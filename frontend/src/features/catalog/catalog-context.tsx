import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api } from "../../api/client";
import type { Catalog, Mechanism, Service } from "../../api/contract";
import { buildMatrix, type Matrix } from "../../lib/connection-rules";

export interface CatalogIndex {
  catalog: Catalog;
  matrix: Matrix;
  services: ReadonlyMap<string, Service>;
  mechanisms: ReadonlyMap<string, Mechanism>;
  nameOf: (serviceId: string) => string;
  /** Services of one product family (the Spark flavours) count as siblings in refusals. */
  familyOf: (serviceId: string) => string | undefined;
}

type CatalogState =
  | { status: "loading" }
  | { status: "error"; message: string; retry: () => void }
  | { status: "ready"; index: CatalogIndex };

const CatalogContext = createContext<CatalogState>({ status: "loading" });

export function indexCatalog(
  catalog: Catalog,
  defaults: ReadonlyMap<string, string> = new Map(),
): CatalogIndex {
  const services = new Map(catalog.services.map((service) => [service.id, service]));
  return {
    catalog,
    matrix: buildMatrix(catalog, defaults),
    services,
    mechanisms: new Map(catalog.mechanisms.map((mechanism) => [mechanism.id, mechanism])),
    nameOf: (id) => services.get(id)?.name ?? id,
    familyOf: (id) => (id.includes("-") ? id.split("-")[0] : undefined),
  };
}

export function CatalogProvider({ children }: { children: ReactNode }) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<CatalogState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    // The matrix endpoint only adds each pair's default; without it, catalog order decides.
    Promise.all([api.catalog(), api.matrixDefaults().catch(() => new Map<string, string>())])
      .then(
        ([catalog, defaults]) =>
          live && setState({ status: "ready", index: indexCatalog(catalog, defaults) }),
      )
      .catch((error: Error) => {
        if (live)
          setState({ status: "error", message: error.message, retry: () => setAttempt((n) => n + 1) });
      });
    return () => {
      live = false;
    };
  }, [attempt]);
  const value = useMemo(() => state, [state]);
  return <CatalogContext.Provider value={value}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): CatalogState {
  return useContext(CatalogContext);
}
