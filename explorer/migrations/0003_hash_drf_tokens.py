"""Carry the single DRF tokens made before issue 15 over as hashed, named tokens, and delete the clear ones.

Scripts keep working with the key they have (``Authorization: Token <key>`` is looked up by its SHA-256
digest); the ``authtoken_token`` table, which held keys in clear, is emptied.
"""

import hashlib

from django.db import migrations


def forwards(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("explorer", "ApiToken")
    for old in Token.objects.all():
        ApiToken.objects.create(
            user_id=old.user_id,
            name="API token (from before named tokens)",
            prefix="legacy",
            digest=hashlib.sha256(old.key.encode("utf-8")).hexdigest(),
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("explorer", "0002_teams_roles_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
