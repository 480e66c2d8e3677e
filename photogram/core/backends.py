"""Pluggable stores, configured the way Django configures caches and storages.

    FEEDS = {"default": {"BACKEND": "photogram.feeds.stores.cassandra.CassandraFeedStore", "OPTIONS": {...}}}

A `BackendHandler` reads such a setting and builds one instance per alias on first use (so nothing connects
at import time, before a server forks its workers), and forgets them when the setting changes in tests.
"""

from __future__ import annotations

import threading
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

T = TypeVar("T")

DEFAULT_ALIAS = "default"


class BackendHandler(Generic[T]):
    """Build and cache the backends named in a `{"alias": {"BACKEND": ..., "OPTIONS": ...}}` setting."""

    # `type[Any]`, not `type[T]`: mypy refuses an abstract class for type[T] (python/mypy#4717), and interfaces
    # are abstract. Annotate the handler instead: `stores: BackendHandler[Store] = BackendHandler("STORES", Store)`.
    def __init__(self, setting_name: str, interface: type[Any]) -> None:
        self.setting_name = setting_name
        self.interface = interface
        self._lock = threading.Lock()
        self._instances: dict[str, T] = {}
        setting_changed.connect(self._on_setting_changed, weak=False)

    def __getitem__(self, alias: str) -> T:
        with self._lock:
            instance = self._instances.get(alias)
            if instance is None:
                instance = self._instances[alias] = self._build(alias)
            return instance

    @property
    def default(self) -> T:
        """Return the backend of the "default" alias."""
        return self[DEFAULT_ALIAS]

    def _build(self, alias: str) -> T:
        configured: dict[str, dict[str, Any]] = getattr(settings, self.setting_name, {})
        if alias not in configured:
            raise ImproperlyConfigured(f"settings.{self.setting_name} has no {alias!r} entry")
        instance: T = build_backend(configured[alias], self.interface, f"settings.{self.setting_name}[{alias!r}]")
        return instance

    def _on_setting_changed(self, *, setting: str, **kwargs: Any) -> None:
        if setting == self.setting_name:
            with self._lock:
                self._instances.clear()


def build_backend(entry: dict[str, Any], interface: type[Any], where: str) -> Any:
    """Build the backend a `{"BACKEND": ..., "OPTIONS": ...}` entry names; `where` names the entry in errors.

    Also for a backend that stands in front of another and is configured with that one's entry.
    """
    try:
        backend_class = import_string(entry["BACKEND"])
    except KeyError:
        raise ImproperlyConfigured(f"{where} has no BACKEND") from None
    except ImportError as error:
        raise ImproperlyConfigured(f"{where}: cannot import {entry['BACKEND']!r}: {error}") from error
    if not (isinstance(backend_class, type) and issubclass(backend_class, interface)):
        raise ImproperlyConfigured(f"{where}: {entry['BACKEND']!r} is not a {interface.__name__}")
    return backend_class(**entry.get("OPTIONS", {}))
