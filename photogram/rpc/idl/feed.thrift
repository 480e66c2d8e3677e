/*
 * The feed service: home feeds (and list feeds) read and written by the web tier and the workers, on the full profile in its
 * own processes (photogram/rpc/server.py). Ids are Photogram's 64-bit ids. Regenerate the Python code with
 * `make thrift` after any change; CI fails when the committed code differs from what the IDL generates.
 */

namespace py feed

/** One post in a feed. */
struct FeedEntry {
  1: required i64 status_id,
  2: required i64 author_id,
}

/** Which page of a feed to read, with Mastodon's cursors: all optional, newest first. */
struct FeedQuery {
  1: optional i64 max_id,
  2: optional i64 since_id,
  3: optional i64 min_id,
  4: required i32 limit = 20,
}

struct FeedPage {
  1: required list<FeedEntry> entries,
}

/*
 * Exceptions stay mutable in Python: raising one through a `with` block sets its traceback, which the
 * compiler's default immutable exceptions refuse.
 */

/** The store behind the service cannot answer now (a Cassandra node down): try again later. */
exception FeedUnavailable {
  1: required string message,
} (python.immutable = "false")

/** The request makes no sense (a limit out of range, a negative id). */
exception InvalidRequest {
  1: required string message,
} (python.immutable = "false")

service FeedService {
  /** Answer "ok" when the service and its store are up. */
  string health() throws (1: FeedUnavailable unavailable),

  /** Return one page of a reader's home feed. */
  FeedPage read(1: i64 owner_id, 2: FeedQuery query)
    throws (1: FeedUnavailable unavailable, 2: InvalidRequest invalid),

  /** Return one page of a list's feed (photogram.lists). */
  FeedPage read_list(1: i64 list_id, 2: FeedQuery query)
    throws (1: FeedUnavailable unavailable, 2: InvalidRequest invalid),

  /** Put one post into the feeds of several readers (idempotent). */
  void insert(1: list<i64> owner_ids, 2: FeedEntry entry)
    throws (1: FeedUnavailable unavailable, 2: InvalidRequest invalid),

  /** Take one post out of the feeds of several readers (idempotent). */
  void remove(1: list<i64> owner_ids, 2: i64 status_id)
    throws (1: FeedUnavailable unavailable, 2: InvalidRequest invalid),

  /** Take every post of one author out of one reader's feed. */
  void remove_author(1: i64 owner_id, 2: i64 author_id)
    throws (1: FeedUnavailable unavailable, 2: InvalidRequest invalid),

  /** Rebuild a reader's feed from their follows; return how many posts it holds. */
  i32 rebuild(1: i64 owner_id) throws (1: FeedUnavailable unavailable, 2: InvalidRequest invalid),
}
