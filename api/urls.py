"""API routes, one module per area under ``api/routes``."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views.common import unknown_endpoint

SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI (drf-spectacular-sidecar, pinned) applies one inline style; only that one is allowed, by its
    # hash, and only here. Its start-up script is a file (the split view), so scripts stay 'self' only.
    path(
        "docs/",
        csp_update({"style-src": [SWAGGER_UI_STYLE]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("", include("api.routes.catalog")),
    path("", include("api.routes.accounts")),
    path("", include("api.routes.designs")),
    path("", include("api.routes.analysis")),
    path("", include("api.routes.bundles")),
    path("", include("api.routes.exports")),
    path("", include("api.routes.imports")),
    path("", include("api.routes.simulations")),
    path("", include("api.routes.sharing")),
    # Last: anything else under /api/ (an id that is no number, a slug with odd characters, a typo)
    # answers 404 in the API's JSON error shape instead of the HTML page clients cannot read.
    re_path(r"^[\s\S]*$", unknown_endpoint, name="api-unknown"),
]
