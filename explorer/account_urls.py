"""URLs of the account pages, under ``/accounts/``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from explorer import account_views as views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="account-login"),
    path("logout/", auth_views.LogoutView.as_view(), name="account-logout"),
    path("signup/", views.signup, name="account-signup"),
    path("profile/", views.profile, name="account-profile"),
    path("tokens/", views.token_new, name="account-token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_delete, name="account-token-revoke"),
    path("password/", views.ChangePasswordView.as_view(), name="account-password-change"),
    path("password-reset/", views.ThrottledPasswordResetView.as_view(), name="account-password-reset"),
    path("password-reset/sent/", views.reset_done, name="account-password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="account-password-reset-confirm",
    ),
    path("password-reset/done/", views.reset_complete, name="account-password-reset-complete"),
]
