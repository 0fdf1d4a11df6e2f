"""Top-level URLs: the API, health, admin, the account pages, and the single-page front end."""

from django.contrib import admin
from django.urls import include, path, re_path

from explorer import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("accounts/", include("explorer.account_urls")),
    re_path(r"^(?!api/|static/|admin/|accounts/|healthz).*$", views.frontend, name="frontend"),
]
