"""The Celery application: RabbitMQ-backed workers on the full profile, inline execution on embedded."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")

app = Celery("photogram")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
