"""The service catalog: which services exist and which documented mechanisms connect them.

Pure Python (no Django): data in ``fixtures/catalog/*.yaml``, loaded into frozen dataclasses.
"""

from catalog.loader import CATALOG_DIR, default_catalog, load_catalog
from catalog.types import (
    Catalog,
    CatalogError,
    Mechanism,
    NamingRule,
    Pair,
    PropertySpec,
    Service,
    VersionConstraint,
    version_key,
)

__all__ = [
    "CATALOG_DIR",
    "Catalog",
    "CatalogError",
    "Mechanism",
    "NamingRule",
    "Pair",
    "PropertySpec",
    "Service",
    "VersionConstraint",
    "default_catalog",
    "load_catalog",
    "version_key",
]
