"""Design services and selectors without HTTP: revisions, conflicts, visibility."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from explorer.models import Design, Revision
from explorer.selectors.designs import design_get, design_list
from explorer.services.designs import (
    DocumentRejected,
    RevisionConflict,
    design_create,
    design_delete,
    design_update,
)
from explorer.tests.designs.support import document, make_user


@pytest.mark.django_db
def test_design_update_appends_revisions_and_never_rewrites_old_ones() -> None:
    # given
    owner = make_user("owner")
    design = design_create(owner=owner, document=document())
    # when
    design_update(design_id=design.pk, user=owner, document=document(name="Two"), base_revision=1)
    design_update(design_id=design.pk, user=owner, document=document(name="Three"), base_revision=2)
    # then
    names = list(Revision.objects.filter(design=design).order_by("number").values_list("document__name", flat=True))
    assert names == ["Orders pipeline", "Two", "Three"]
    assert Design.objects.get(pk=design.pk).name == "Three"


@pytest.mark.django_db
def test_design_update_from_stale_base_raises_conflict_with_current_number() -> None:
    # given
    owner = make_user("owner")
    design = design_create(owner=owner, document=document())
    design_update(design_id=design.pk, user=owner, document=document(name="Two"), base_revision=1)
    # when
    with pytest.raises(RevisionConflict) as caught:
        design_update(design_id=design.pk, user=owner, document=document(name="Lost?"), base_revision=1)
    # then
    assert caught.value.current_revision == 2
    assert Revision.objects.filter(design=design).count() == 2


@pytest.mark.django_db
def test_revision_numbers_are_unique_per_design_even_without_the_lock() -> None:
    # given
    owner = make_user("owner")
    design = design_create(owner=owner, document=document())
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(design=design, number=1, document=document(), author=owner)


@pytest.mark.django_db
def test_design_create_refuses_dangling_references_with_their_paths() -> None:
    # given
    data = document()
    data["flows"][0]["to"] = "ghost"
    # when
    with pytest.raises(DocumentRejected) as caught:
        design_create(owner=make_user("owner"), document=data)
    # then
    assert caught.value.code == "unknown-reference"
    assert [problem.path for problem in caught.value.problems] == ["$.flows[0].to"]
    assert Design.objects.count() == 0


@pytest.mark.django_db
def test_design_selectors_hide_private_designs_of_others() -> None:
    # given
    owner, other = make_user("owner"), make_user("other")
    private = design_create(owner=owner, document=document())
    # when / then
    assert design_get(user=owner, design_id=private.pk) == private
    with pytest.raises(Design.DoesNotExist):
        design_get(user=other, design_id=private.pk)
    assert list(design_list(user=other)) == []


@pytest.mark.django_db
def test_design_delete_removes_revisions() -> None:
    # given
    owner = make_user("owner")
    design = design_create(owner=owner, document=document())
    # when
    design_delete(design=design)
    # then
    assert Design.objects.count() == 0 and Revision.objects.count() == 0
