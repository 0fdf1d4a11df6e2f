"""API routes: what-if simulations (a job per request)."""

from django.urls import URLPattern, path

from api.views import simulations as views

urlpatterns: list[URLPattern] = [
    path("designs/<int:design_id>/simulations/", views.SimulationCreateView.as_view(), name="design-simulations"),
    path("jobs/<int:job_id>/simulation/", views.SimulationResultView.as_view(), name="job-simulation"),
]
