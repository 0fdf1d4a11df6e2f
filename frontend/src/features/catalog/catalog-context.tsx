import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { api } from "../../api/client";
import type { Catalog, Mechanism, Service } from "../../api/contract";
import { buildMatrix, serviceFamily, type Matrix } from "../../lib/connection-rules";

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

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const services = new Map(catalog.services.map((service) => [service.id, service]));
  return {
    catalog,
    matrix: buildMatrix(catalog),
    services,
    mechanisms: new Map(catalog.mechanisms.map((mechanism) => [mechanism.id, mechanism])),
    nameOf: (id) => services.get(id)?.name ?? id,
    familyOf: serviceFamily,
  };
}

export function CatalogProvider({ children }: { children: ReactNode }) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<CatalogState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    api
      .catalog()
      .then((catalog) => live && setState({ status: "ready", index: indexCatalog(catalog) }))
      .catch((error: Error) => {
        if (live)
          setState({ status: "error", message: error.message, retry: () => setAttempt((n) => n + 1) });
      });
    return () => {
      live = false;
    };
  }, [attempt]);
  return <CatalogContext.Provider value={state}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): CatalogState {
  return useContext(CatalogContext);
}
