"""`photogram_next_id()`: PostgreSQL makes ids itself, in the same layout as `layout.py`."""

from __future__ import annotations

from photogram.core.ids.layout import PHOTOGRAM_EPOCH_MS, SEQUENCE_BITS, SEQUENCE_MODULUS, SHARD_BITS, SHARD_COUNT

# One sequence for every table: its value modulo 1,024 is the id's sequence part, so 1,024 ids per millisecond
# per shard stay unique without a lock. An object without an owner takes its shard from the sequence too,
# which spreads such rows evenly over the logical shards.
CREATE_NEXT_ID_FUNCTION = f"""
CREATE SEQUENCE IF NOT EXISTS photogram_id_sequence;

CREATE OR REPLACE FUNCTION photogram_next_id(shard_id integer DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
    sequence_value bigint := nextval('photogram_id_sequence');
    elapsed_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint - {PHOTOGRAM_EPOCH_MS};
BEGIN
    IF shard_id IS NULL THEN
        shard_id := sequence_value % {SHARD_COUNT};
    ELSIF shard_id < 0 OR shard_id >= {SHARD_COUNT} THEN
        RAISE EXCEPTION 'shard % is outside 0..{SHARD_COUNT - 1}', shard_id;
    END IF;
    RETURN (elapsed_ms << {SHARD_BITS + SEQUENCE_BITS})
        | (shard_id::bigint << {SEQUENCE_BITS})
        | (sequence_value % {SEQUENCE_MODULUS});
END;
$$;
"""

DROP_NEXT_ID_FUNCTION = """
DROP FUNCTION IF EXISTS photogram_next_id(integer);
DROP SEQUENCE IF EXISTS photogram_id_sequence;
"""
