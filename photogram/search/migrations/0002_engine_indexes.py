"""The search engines' indexes and the triggers that keep what they read in step with the tables.

PostgreSQL: the pg_trgm and unaccent extensions (both shipped with PostgreSQL's contrib, both trusted, so a
database owner may create them), an IMMUTABLE folding function, expression indexes (GIN full-text over
captions and display names, GIN trigrams over names and hashtags, byte-wise prefix indexes over usernames
and hashtags), and the trigger counting hashtag uses. SQLite: FTS5 tables over captions and display names,
filled from the rows already there and kept by triggers (which call `photogram_search_fold`, a Python function every SQLite connection
registers: photogram.search.apps), and the same hashtag count.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL = (
    """
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS unaccent;
    -- unaccent() is STABLE (its dictionary could be reloaded); naming the dictionary makes it safe to index.
    -- Its cost is declared high, as it is: otherwise the planner would rather fold every caption while walking
    -- the newest posts than read the full-text index (20 s for a word nobody wrote, on a million posts).
    CREATE OR REPLACE FUNCTION photogram_search_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 1000
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
    CREATE INDEX search_status_caption ON posts_status
        USING gin (to_tsvector('simple', photogram_search_fold(caption)));
    CREATE INDEX search_user_display_name ON accounts_user
        USING gin (to_tsvector('simple', photogram_search_fold(display_name)));
    CREATE INDEX search_user_username_prefix ON accounts_user (lower(username) text_pattern_ops);
    CREATE INDEX search_user_names_trigram ON accounts_user
        USING gin (photogram_search_fold(username || ' ' || display_name) gin_trgm_ops);
    CREATE INDEX search_tag_name_prefix ON posts_tag (name text_pattern_ops);
    CREATE INDEX search_tag_name_trigram ON posts_tag USING gin (name gin_trgm_ops);
    CREATE FUNCTION photogram_search_count_tag_use() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO search_taguse (tag_id, uses) VALUES (NEW.tag_id, 1)
                ON CONFLICT (tag_id) DO UPDATE SET uses = search_taguse.uses + 1;
        ELSE
            UPDATE search_taguse SET uses = uses - 1 WHERE tag_id = OLD.tag_id;
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER search_count_tag_use AFTER INSERT OR DELETE ON posts_statustag
        FOR EACH ROW EXECUTE FUNCTION photogram_search_count_tag_use();
    INSERT INTO search_taguse (tag_id, uses)
        SELECT tag_id, count(*) FROM posts_statustag GROUP BY tag_id
        ON CONFLICT (tag_id) DO UPDATE SET uses = excluded.uses;
    """,
    """
    DROP TRIGGER search_count_tag_use ON posts_statustag;
    DROP FUNCTION photogram_search_count_tag_use();
    DROP INDEX search_tag_name_trigram;
    DROP INDEX search_tag_name_prefix;
    DROP INDEX search_user_names_trigram;
    DROP INDEX search_user_username_prefix;
    DROP INDEX search_user_display_name;
    DROP INDEX search_status_caption;
    DROP FUNCTION photogram_search_fold(text);
    """,
)

# Full-text tables of their own (not external content): they hold the folded text, which is what they match.
FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
SQLITE = (
    [
        f"CREATE VIRTUAL TABLE search_status_fts USING fts5(caption, {FTS_OPTIONS})",
        "INSERT INTO search_status_fts (rowid, caption) SELECT id, photogram_search_fold(caption) FROM posts_status",
        """CREATE TRIGGER search_status_inserted AFTER INSERT ON posts_status BEGIN
            INSERT INTO search_status_fts (rowid, caption) VALUES (new.id, photogram_search_fold(new.caption));
        END""",
        """CREATE TRIGGER search_status_deleted AFTER DELETE ON posts_status BEGIN
            DELETE FROM search_status_fts WHERE rowid = old.id;
        END""",
        """CREATE TRIGGER search_status_edited AFTER UPDATE OF caption ON posts_status BEGIN
            UPDATE search_status_fts SET caption = photogram_search_fold(new.caption) WHERE rowid = new.id;
        END""",
        f"CREATE VIRTUAL TABLE search_account_fts USING fts5(display_name, {FTS_OPTIONS})",
        """INSERT INTO search_account_fts (rowid, display_name)
            SELECT id, photogram_search_fold(display_name) FROM accounts_user""",
        """CREATE TRIGGER search_account_inserted AFTER INSERT ON accounts_user BEGIN
            INSERT INTO search_account_fts (rowid, display_name) VALUES (new.id, photogram_search_fold(new.display_name));
        END""",
        """CREATE TRIGGER search_account_deleted AFTER DELETE ON accounts_user BEGIN
            DELETE FROM search_account_fts WHERE rowid = old.id;
        END""",
        """CREATE TRIGGER search_account_renamed AFTER UPDATE OF display_name ON accounts_user BEGIN
            UPDATE search_account_fts SET display_name = photogram_search_fold(new.display_name) WHERE rowid = new.id;
        END""",
        """CREATE TRIGGER search_tag_linked AFTER INSERT ON posts_statustag BEGIN
            INSERT INTO search_taguse (tag_id, uses) VALUES (new.tag_id, 1)
                ON CONFLICT (tag_id) DO UPDATE SET uses = uses + 1;
        END""",
        """CREATE TRIGGER search_tag_unlinked AFTER DELETE ON posts_statustag BEGIN
            UPDATE search_taguse SET uses = uses - 1 WHERE tag_id = old.tag_id;
        END""",
        """INSERT INTO search_taguse (tag_id, uses)
            SELECT tag_id, count(*) FROM posts_statustag WHERE true GROUP BY tag_id
            ON CONFLICT (tag_id) DO UPDATE SET uses = excluded.uses""",
    ],
    [
        *(
            f"DROP TRIGGER {name}"
            for name in (
                "search_tag_unlinked search_tag_linked search_account_renamed search_account_deleted "
                "search_account_inserted search_status_edited search_status_deleted search_status_inserted"
            ).split()
        ),
        "DROP TABLE search_account_fts",
        "DROP TABLE search_status_fts",
    ],
)
ENGINES = {"postgresql": ([POSTGRESQL[0]], [POSTGRESQL[1]]), "sqlite": SQLITE}


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, ENGINES[schema_editor.connection.vendor][0])


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, ENGINES[schema_editor.connection.vendor][1])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("accounts", "0003_followers_count_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
