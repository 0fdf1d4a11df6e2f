"""API routes: design exports and the catalog's integration map."""

from django.urls import URLPattern, path

from api.views import exports as views

urlpatterns: list[URLPattern] = [
    # "catalog/map.svg" has no trailing slash, so the catalog's "catalog/..." routes never claim it.
    path("catalog/map.svg", views.CatalogMapView.as_view(), name="catalog-map"),
    path("designs/<int:design_id>/export", views.DesignExportView.as_view(), name="design-export"),
    path("designs/<int:design_id>/export/", views.DesignExportView.as_view(), name="design-export-slash"),
]
