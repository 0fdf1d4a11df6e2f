"""The service catalog: which services exist and which documented mechanisms connect them.

Pure Python (no Django): data in ``fixtures/catalog/*.yaml``, loaded into frozen dataclasses.
"""

from catalog.loader import CATALOG_DIR, default_catalog, load_catalog
from catalog.types import (
    Catalog,
    CatalogError,
    ConfigDefinition,
    ConfigKey,
    ConfigPattern,
    Mechanism,
    NamingRule,
    Pair,
    PropertySpec,
    Service,
    UnverifiedNote,
    VersionConstraint,
    version_key,
)

__all__ = [
    "CATALOG_DIR",
    "Catalog",
    "CatalogError",
    "ConfigDefinition",
    "ConfigKey",
    "ConfigPattern",
    "Mechanism",
    "NamingRule",
    "Pair",
    "PropertySpec",
    "Service",
    "UnverifiedNote",
    "VersionConstraint",
    "default_catalog",
    "load_catalog",
    "version_key",
]
