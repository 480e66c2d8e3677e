"""Static files under names that change with their content, so browsers may keep them for a year."""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class HashedStaticFilesStorage(ManifestStaticFilesStorage):
    """Django's manifest storage (`app.3f2a9c1b.css`), lenient where nothing was collected yet.

    `collectstatic` (run by `make run`) writes the manifest, and every `{% static %}` name is then the hashed
    one, which bin/serve answers with a year-long cache lifetime. Where it never ran (the test suite, a shell),
    a name is given as it is instead of failing the page.
    """

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:  # neither in the manifest nor collected: nothing to hash
            return name
