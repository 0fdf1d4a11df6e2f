"""Two clients save the same design from the same revision: exactly one wins, the other gets 412.

Real threads, each with its own database connection, against a committed database
(``transactional_db``): the race is decided by the row lock (PostgreSQL) or the IMMEDIATE
transaction (SQLite), not by test ordering.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from explorer.models import Revision
from explorer.services.designs import design_create
from explorer.tests.designs.support import document, make_user

ROUNDS = 25


def _save(user: Any, design_id: int, base: int, name: str, barrier: threading.Barrier, out: dict[str, Any]) -> None:
    try:
        client = APIClient()
        client.force_authenticate(user=user)
        body = {"document": document(name=name), "message": name}
        barrier.wait(timeout=30)
        response = client.put(f"/api/designs/{design_id}/", body, format="json", HTTP_IF_MATCH=f'"r{base}"')
        out[name] = (response.status_code, response.json())
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_design_update_concurrent_saves_from_same_base_one_wins_one_gets_412() -> None:
    # given
    owner = make_user("owner")
    design = design_create(owner=owner, document=document())
    winners: list[str] = []
    for round_ in range(ROUNDS):
        base = round_ + 1
        out: dict[str, Any] = {}
        barrier = threading.Barrier(2)
        names = (f"left-{round_}", f"right-{round_}")
        threads = [threading.Thread(target=_save, args=(owner, design.pk, base, name, barrier, out)) for name in names]
        # when
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        # then
        statuses = sorted(status for status, _ in out.values())
        assert statuses == [200, 412], out
        winner = next(name for name, (status, _) in out.items() if status == 200)
        loser = next(name for name, (status, _) in out.items() if status == 412)
        error = out[loser][1]["error"]
        assert error["code"] == "conflict"
        assert error["details"]["current_revision"] == base + 1
        current = Revision.objects.filter(design=design).order_by("-number").first()
        assert current is not None
        assert (current.number, current.document["name"]) == (base + 1, winner)
        winners.append(winner)
    # no lost update: every accepted save is in the history, in order, and nothing else is
    history = list(Revision.objects.filter(design=design).order_by("number").values_list("message", flat=True))
    assert history == ["Created", *winners]
