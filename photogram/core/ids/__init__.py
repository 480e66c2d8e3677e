"""Instagram-style 64-bit time-sortable ids: layout, Python generator, PostgreSQL function, model field."""

from photogram.core.ids.layout import DecodedId, compose, decode, lowest_id_at, shard_for_owner

__all__ = ["DecodedId", "compose", "decode", "lowest_id_at", "shard_for_owner"]
