"""Account pages, server-rendered: sign up, sign in/out, change and reset a password, a profile with API tokens.

Django's own auth views do the work; these add the throttles of :mod:`explorer.services.throttle`
(a refused try answers 429 with ``Retry-After``), the sign-up switch (``SIGNUP_ENABLED``) and the token
list. Password resets go through Django's e-mail backend (the console by default, so ``make run`` prints
the mail).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordResetForm, UsernameField
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from explorer.models import SignInAttempt
from explorer.services.throttle import (
    Throttled,
    attempt_record,
    client_address,
    password_attempt_check,
    reset_attempt_check,
)
from explorer.services.tokens import token_create, token_list, token_revoke


def account_settings(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: whether the sign-up link is shown."""
    return {"signup_enabled": settings.SIGNUP_ENABLED}


def _context(**extra: Any) -> dict[str, Any]:
    return extra


def _throttled_page(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = render(
        request,
        "accounts/message.html",
        _context(heading="Too many attempts", text=f"{exc} Nothing was checked this time."),
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refused before the password is checked when the account or address is throttled."""

    throttled: Throttled | None = None

    def clean(self) -> dict[str, Any]:
        """Check the throttles, then the password, and count the attempt."""
        username = str(self.cleaned_data.get("username") or "")
        address = client_address(self.request) if self.request is not None else "unknown"
        try:
            password_attempt_check(account=username, address=address)
        except Throttled as exc:
            self.throttled = exc
            raise forms.ValidationError(str(exc), code="throttled") from exc
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            attempt_record(
                kind=SignInAttempt.Kind.PASSWORD,
                account=username,
                address=address,
                succeeded=False,
                endpoint="/accounts/login/",
            )
            raise
        attempt_record(
            kind=SignInAttempt.Kind.PASSWORD,
            account=username,
            address=address,
            succeeded=True,
            endpoint="/accounts/login/",
        )
        return cleaned


class SignInView(auth_views.LoginView):
    """``/accounts/login/``."""

    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    extra_context = _context(heading="Sign in", submit="Sign in")

    def form_invalid(self, form: Any) -> HttpResponse:
        """429 with ``Retry-After`` when throttled; the form with its errors otherwise."""
        if getattr(form, "throttled", None) is not None:
            return _throttled_page(self.request, form.throttled)
        return super().form_invalid(form)


class SignUpForm(BaseUserCreationForm):  # type: ignore[type-arg]
    """Username, e-mail (for password resets) and a password checked by Django's validators."""

    email = forms.EmailField(required=True, help_text="Used only to reset a forgotten password.")

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}

    def clean_email(self) -> str:
        """One account per address, so a reset mail reaches exactly one account."""
        email = str(self.cleaned_data["email"]).strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address exists already.")
        return email


def signup(request: HttpRequest) -> HttpResponse:
    """``/accounts/signup/``: 404 when ``SIGNUP_ENABLED`` is off (a private install)."""
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is turned off here; ask an administrator for an account.")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.get_username()}.")
        return HttpResponseRedirect(reverse("account-profile"))
    return render(
        request, "accounts/form.html", _context(form=form, heading="Make an account", submit="Sign up"), status=200
    )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """``/accounts/password-reset/``: throttled per address-book entry and per client address."""

    template_name = "accounts/form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("account-password-reset-done")
    extra_context = _context(
        heading="Reset your password",
        submit="Send the reset link",
        intro="We send a link to the address of your account, if there is one.",
    )

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        """Count and check the request before any mail goes out."""
        email = str(form.cleaned_data["email"])
        address = client_address(self.request)
        try:
            reset_attempt_check(account=email, address=address)
        except Throttled as exc:
            return _throttled_page(self.request, exc)
        attempt_record(
            kind=SignInAttempt.Kind.RESET, account=email, address=address, succeeded=True, endpoint=self.request.path
        )
        return super().form_valid(form)


def _message_view(heading: str, text: str, link: str = "", link_text: str = "") -> Any:
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(
            request, "accounts/message.html", _context(heading=heading, text=text, link=link, link_text=link_text)
        )

    return view


reset_done = _message_view(
    "Check your mail", "If an account has that address, a link to choose a new password is on its way."
)
reset_complete = _message_view("Password changed", "Your new password works now.", "/accounts/login/", "Sign in")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the mail: choose a new password (Django's validators apply)."""

    template_name = "accounts/form.html"
    success_url = reverse_lazy("account-password-reset-complete")
    extra_context = _context(heading="Choose a new password", submit="Set the password")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """A used or expired link says so instead of showing an empty form."""
        context = super().get_context_data(**kwargs)
        if not context.get("validlink"):
            context["intro"] = "This reset link was used already or has expired; ask for a new one."
        return context


class ChangePasswordView(auth_views.PasswordChangeView):
    """``/accounts/password/``: needs the old password; the session stays signed in."""

    template_name = "accounts/form.html"
    success_url = reverse_lazy("account-profile")
    extra_context = _context(heading="Change your password", submit="Change the password")

    def form_valid(self, form: Any) -> HttpResponse:
        """Say it worked."""
        messages.success(self.request, "Your password was changed.")
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """``/accounts/profile/``: who you are and your API tokens."""
    return render(request, "accounts/profile.html", _context(tokens=token_list(user=request.user)))


@login_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    """Make a token and show its key this once (the answer is not cached)."""
    name = request.POST.get("name", "").strip()[:100] or "API token"
    token, secret = token_create(user=request.user, name=name)
    response = render(
        request,
        "accounts/profile.html",
        _context(tokens=token_list(user=request.user), new_token=secret, new_token_name=token.name),
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_delete(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of your tokens."""
    if token_revoke(user=request.user, token_id=token_id):
        messages.success(request, "The token was revoked.")
    return HttpResponseRedirect(reverse("account-profile"))
