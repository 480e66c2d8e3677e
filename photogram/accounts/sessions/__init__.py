"""Session engines that remember whose a session is and from which browser it was last used.

Django's database engines with our model (`WebSession`): `db` on embedded, `cached_db` on full. The browser
details live in the session's data (`ACTIVITY_KEY`, written by `SessionActivityMiddleware`) and are copied to
columns on save, so the settings page can list a person's sessions with one indexed query.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from photogram.accounts.models.sessions import WebSession

ACTIVITY_KEY = "_photogram_activity"


class OwnedSessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls) -> type[WebSession]:
        return WebSession

    def create_model_instance(self, data: dict[str, Any]) -> WebSession:
        base = super().create_model_instance(data)
        owner = data.get(SESSION_KEY)
        activity = data.get(ACTIVITY_KEY) or {}
        seen = activity.get("seen")
        return WebSession(
            session_key=base.session_key,
            session_data=base.session_data,
            expire_date=base.expire_date,
            user_id=int(owner) if owner is not None and str(owner).isdigit() else None,
            user_agent=str(activity.get("agent", ""))[:300],
            ip_address=activity.get("ip") or None,
            last_seen=datetime.fromtimestamp(seen, UTC) if isinstance(seen, int | float) else None,
        )
