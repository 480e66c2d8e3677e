from photogram.lists.models.feed import ListFeedEntry
from photogram.lists.models.lists import List, ListMember

__all__ = ["List", "ListFeedEntry", "ListMember"]
