"""Fuzz every documented operation with schemathesis, in-process over WSGI.

The schema is the one the app serves at ``/api/schema/``; schemathesis generates valid and invalid
requests from it and checks that no answer is a 5xx and that every answer is documented (status
code, content type, body shape, headers). Requests are signed with a token of a user who owns a saved
design, and the design, revision and job ids in paths point at that user's rows, so the fuzzer gets
past 404 into the code that reads bodies and query strings.

Each example runs in a savepoint that is rolled back afterwards, so a generated ``DELETE`` or
token revocation does not change what the next example sees.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from explorer.models import Job
from explorer.services.tokens import token_create
from explorer.tests.conftest import job_queue  # noqa: F401 - fixture: jobs go to a private queue
from explorer.tests.jobs.factories import make_design, make_user

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@dataclass(frozen=True)
class World:
    """The rows that path parameters are pointed at, and the token that signs every request."""

    design_id: int
    job_id: int
    token: str


@pytest.fixture
def world(db: Any, settings: Any, job_queue: str) -> Iterator[World]:  # noqa: F811
    """A user with a token, a design with one revision, and a finished analysis job on it."""
    # The WSGI transport sends Host: localhost.
    if "localhost" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    user = make_user("fuzzer")
    design = make_design(user)
    assert design.current_revision is not None
    job = Job.objects.create(
        kind=Job.Kind.ANALYSIS,
        revision=design.current_revision,
        requested_by=user,
        status=Job.Status.SUCCEEDED,
        result={"verdict": "sensible", "findings": [], "stats": {}, "mechanisms": {}},
    )
    _, token = token_create(user=user, name="fuzz")
    # Django closes the connection at the end of each request; inside the test's transaction that
    # would break the next request, which is why Django's own test client disconnects it too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield World(design_id=design.pk, job_id=job.pk, token=token)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# The schema as the app serves it, bound to the app for in-process calls. Loaded at import time
# (schemathesis' lazy fixture loader reads a pytest internal that pytest 9 no longer has); serving
# the schema reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    # Small enough for the whole file to run in well under a minute on two cores; raise
    # FUZZ_MAX_EXAMPLES (and set FUZZ_RANDOM=1 for fresh seeds) for a deeper hunt.
    max_examples=int(os.environ.get("FUZZ_MAX_EXAMPLES", "12")),
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM", "") != "1",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_hostile_input_with_documented_errors(case: Any, world: World) -> None:
    # given a request generated from the schema, aimed at the fuzzer's own design and job
    # (ids that are no plausible row id - negative, huge, not a number - are kept as generated)
    for name, row_id in (("design_id", world.design_id), ("job_id", world.job_id)):
        value = case.path_parameters.get(name)
        if isinstance(value, int) and 0 <= value < 2**31:
            case.path_parameters[name] = row_id
    headers = {"Authorization": f"Token {world.token}"}
    # when it is sent (in a savepoint, rolled back so examples stay independent)
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    # then the answer is no server error and is what the schema documents
    case.validate_response(response, checks=CHECKS)
