# Participant.name_key becomes a SHA-256 digest of the case-insensitive key, so that the unique
# index has a fixed width whatever NFKC normalisation does to a name.

import hashlib
import unicodedata

from django.db import migrations

import meetings.models


def name_keys_digest(apps, schema_editor):
    # The rule as it stands now, frozen here: NFKC, casefold, SHA-256 hex.
    Participant = apps.get_model("meetings", "Participant")
    for participant in Participant.objects.only("id", "name").iterator():
        key = unicodedata.normalize("NFKC", participant.name).casefold()
        participant.name_key = hashlib.sha256(key.encode()).hexdigest()
        participant.save(update_fields=["name_key"])


def name_keys_readable(apps, schema_editor):
    # Back to the readable key 0001 stored (names whose key does not fit could not be stored).
    Participant = apps.get_model("meetings", "Participant")
    for participant in Participant.objects.only("id", "name").iterator():
        participant.name_key = unicodedata.normalize("NFKC", participant.name).casefold()
        participant.save(update_fields=["name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [
        # Rewrite the keys while the column is still wide enough for the old ones.
        migrations.RunPython(name_keys_digest, name_keys_readable),
        # (Reversed, the column widens first and then gets the readable keys back.)
        migrations.AlterField(
            model_name="participant",
            name="name_key",
            field=meetings.models.CaseSensitiveCharField(editable=False, max_length=64),
        ),
    ]
