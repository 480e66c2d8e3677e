"""WSGI entry point: the web app and API, served by granian (see docs/performance.md for why)."""

import os

from django.core.wsgi import get_wsgi_application

from photogram.core.static_serving import compressed_static_files

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")

application = compressed_static_files(get_wsgi_application())

from photogram.core.startup import refuse_unmigrated_database  # noqa: E402  (needs Django set up)

refuse_unmigrated_database()

from photogram.core.gc_tuning import settle_for_serving  # noqa: E402

settle_for_serving()
