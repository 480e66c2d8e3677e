from photogram.filters.models.filter import Filter, FilterKeyword, FilterStatus

__all__ = ["Filter", "FilterKeyword", "FilterStatus"]
