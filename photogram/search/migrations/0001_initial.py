"""The hashtag use counts hashtag search ranks by."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("posts", "0003_status_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="TagUse",
            fields=[
                (
                    "tag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="use",
                        serialize=False,
                        to="posts.tag",
                    ),
                ),
                ("uses", models.BigIntegerField(default=0)),
            ],
        ),
    ]
