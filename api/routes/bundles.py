"""API routes: bundles (generation job) and job artefact downloads."""

from django.urls import URLPattern, path

from api.views import bundles as views

urlpatterns: list[URLPattern] = [
    path("designs/<int:design_id>/bundles/", views.BundleCreateView.as_view(), name="design-bundles"),
    path("jobs/<int:job_id>/download/", views.JobDownloadView.as_view(), name="job-download"),
]
