"""API routes: analysis jobs, job status, and the synchronous analysis of a raw document."""

from django.urls import URLPattern, path

from api.views import analysis as views

urlpatterns: list[URLPattern] = [
    path("designs/<int:design_id>/analyses/", views.DesignAnalysesView.as_view(), name="design-analyses"),
    path("jobs/<int:job_id>/", views.JobDetailView.as_view(), name="job-detail"),
    path("analyze/", views.AnalyzeView.as_view(), name="analyze"),
]
