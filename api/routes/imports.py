"""API routes: importing configurations that already run."""

from django.urls import URLPattern, path

from api.views import imports as views

urlpatterns: list[URLPattern] = [
    path("import/mm2/", views.Mm2ImportView.as_view(), name="import-mm2"),
    path("import/", views.ConfigImportView.as_view(), name="import-config"),
    path("drift/", views.DriftNowView.as_view(), name="drift-now"),
    path("designs/<int:design_id>/drift/", views.DriftCreateView.as_view(), name="design-drift"),
]
