"""API routes, one module per area under ``api/routes``."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views.common import unknown_endpoint

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("api.routes.catalog")),
    path("", include("api.routes.accounts")),
    path("", include("api.routes.designs")),
    path("", include("api.routes.analysis")),
    path("", include("api.routes.bundles")),
    path("", include("api.routes.exports")),
    path("", include("api.routes.imports")),
    path("", include("api.routes.sharing")),
    # Last: anything else under /api/ (an id that is no number, a slug with odd characters, a typo)
    # answers 404 in the API's JSON error shape instead of the HTML page clients cannot read.
    re_path(r"^[\s\S]*$", unknown_endpoint, name="api-unknown"),
]
