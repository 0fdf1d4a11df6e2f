"""API routes, one module per area under ``api/routes``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("api.routes.catalog")),
    path("", include("api.routes.accounts")),
    path("", include("api.routes.designs")),
    path("", include("api.routes.analysis")),
    path("", include("api.routes.bundles")),
    path("", include("api.routes.exports")),
]
