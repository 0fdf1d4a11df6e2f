"""API routes: design exports and the catalog's integration map."""

from django.urls import URLPattern, path, re_path

from api.views import exports as views

urlpatterns: list[URLPattern] = [
    # "catalog/map.svg" has no trailing slash, so the catalog's "catalog/..." routes never claim it.
    path("catalog/map.svg", views.CatalogMapView.as_view(), name="catalog-map"),
    # One route, trailing slash optional, so the OpenAPI schema has one operation.
    re_path(r"^designs/(?P<design_id>[0-9]+)/export/?$", views.DesignExportView.as_view(), name="design-export"),
]
