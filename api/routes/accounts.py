"""API routes: accounts."""

from django.urls import URLPattern, path

from api.views import accounts as views

urlpatterns: list[URLPattern] = [
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/tokens/", views.TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>/", views.TokenDetailView.as_view(), name="auth-token-detail"),
]
