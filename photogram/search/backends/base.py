"""The search engine interface: each backend narrows a queryset to what matches, with its own indexes.

Backends only match: what may be seen (photogram.access), the ranking and the paging stay in
`photogram.search.services`, the same for every engine. Every method must use an index whatever the query
(no `LIKE '%q%'` scans), and answer a queryset the caller can filter, order and slice further.
`tests/search/test_backend_contract.py` holds every backend to the same behaviour.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.db.models import QuerySet

from photogram.accounts.models import User
from photogram.posts.models import Status, Tag
from photogram.search.services.query import Query


class SearchBackend(ABC):
    """Full-text and prefix matching over accounts, hashtags and captions, on one database engine."""

    vendor: str  # the Django database vendor whose indexes the backend reads

    @abstractmethod
    def match_accounts(self, accounts: QuerySet[User], query: Query) -> QuerySet[User]:
        """Return the accounts whose username starts with the query's username, or whose display name holds
        every word of the query (the last one as a prefix), accents and case aside."""

    @abstractmethod
    def match_tags(self, tags: QuerySet[Tag], query: Query) -> QuerySet[Tag]:
        """Return the hashtags whose name starts with the query's hashtag name."""

    def similar_accounts(self, accounts: QuerySet[User], query: Query) -> QuerySet[User]:
        """Return accounts whose names are close to the query without matching it (a name inside a username,
        a misspelling): asked for only when the matches do not fill a page. None unless an engine can."""
        return accounts.none()

    def similar_tags(self, tags: QuerySet[Tag], query: Query) -> QuerySet[Tag]:
        """Return hashtags whose names are close to the query's (misspelt), asked for as similar_accounts."""
        return tags.none()

    @abstractmethod
    def match_statuses(self, statuses: QuerySet[Status], query: Query) -> QuerySet[Status]:
        """Return the posts and comments whose caption holds every word of the query (whole words), accents and
        case aside."""
