"""API routes: catalog."""

from django.urls import URLPattern, path

from api.views import catalog as views

urlpatterns: list[URLPattern] = [
    path("catalog/", views.CatalogView.as_view(), name="catalog"),
    path("catalog/services/<str:service_id>/", views.ServiceView.as_view(), name="catalog-service"),
    path("catalog/matrix/", views.MatrixView.as_view(), name="catalog-matrix"),
]
