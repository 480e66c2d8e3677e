from photogram.search.models.tag_use import TagUse

__all__ = ["TagUse"]
