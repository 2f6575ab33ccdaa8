"""The team database's schema: versioned migrations, checked before anything is written.

``schema_version`` names the program and its version. :func:`check` refuses (one sentence, nothing
written) a database that holds another program's tables, and one whose schema is newer than this
jingtui knows; :func:`upgrade` (``jingtui db init``) creates the schema or applies the missing steps,
each in its own transaction.

Tables: ``claims`` (one row per claim and reviewer, found by article path and text hash),
``article_states`` and ``rejections`` (per article and reviewer), ``settings`` (per reviewer; reviewer
``''`` for the team's, such as the label set), ``events`` (append-only journal: who did what, when,
written by triggers), ``applied_ops`` (ids of the changes already applied, so a change sent again after
a lost connection is not applied twice), ``claim_counts`` (active claims per article, label and
reviewer, kept by triggers: the article list's counts without reading every claim), ``team``
(the consensus reviewer's name; written by the owner only). Every editable row has a ``version``
raised by a trigger on each update; clients update ``... WHERE version = %s``.

Security: the group roles ``jingtui_reviewer`` and ``jingtui_adjudicator`` get the privileges;
row-level security lets a role write only the rows whose ``reviewer`` is its own name, and an
adjudicator also the consensus reviewer's rows. Everyone may read everything.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

from jingtui.store.errors import StoreError

PROGRAM = "jingtui"
REVIEWER_ROLE = "jingtui_reviewer"
ADJUDICATOR_ROLE = "jingtui_adjudicator"
CHANNEL = "jingtui_claims"
WRITABLE_TABLES = ("claims", "article_states", "settings", "rejections")

_V1 = [
    """CREATE TABLE team (key text PRIMARY KEY, value text NOT NULL)""",
    """INSERT INTO team VALUES ('consensus', 'consensus')""",
    """CREATE TABLE claims (
        id text PRIMARY KEY,
        article text NOT NULL,
        text_sha256 text NOT NULL DEFAULT '',
        reviewer text NOT NULL,
        label text NOT NULL CHECK (label <> ''),
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        quote text NOT NULL,
        prefix text NOT NULL DEFAULT '',
        suffix text NOT NULL DEFAULT '',
        original_start integer NOT NULL DEFAULT -1,
        original_end integer NOT NULL DEFAULT -1,
        note text NOT NULL DEFAULT '',
        origin text NOT NULL DEFAULT 'manual',
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'orphaned')),
        fields jsonb NOT NULL DEFAULT '{}',
        created_at text NOT NULL,
        updated_at text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        CHECK (0 <= start_offset AND start_offset < end_offset)
    )""",
    """CREATE INDEX claims_by_article ON claims (article, text_sha256, start_offset, end_offset)""",
    """CREATE INDEX claims_by_reviewer ON claims (reviewer)""",
    """CREATE TABLE article_states (
        article text NOT NULL,
        reviewer text NOT NULL,
        done boolean NOT NULL DEFAULT false,
        position integer NOT NULL DEFAULT 0,
        seconds double precision NOT NULL DEFAULT 0,
        updated_at text NOT NULL DEFAULT '',
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (reviewer, article)
    )""",
    """CREATE TABLE settings (
        key text NOT NULL,
        reviewer text NOT NULL DEFAULT '',
        value jsonb,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (key, reviewer)
    )""",
    """CREATE TABLE rejections (
        article text NOT NULL,
        reviewer text NOT NULL,
        label text NOT NULL,
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        quote text NOT NULL,
        created_at text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (article, reviewer, label, start_offset, end_offset)
    )""",
    """CREATE TABLE claim_counts (
        article text NOT NULL,
        label text NOT NULL,
        reviewer text NOT NULL,
        n bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (article, label, reviewer)
    )""",
    """CREATE TABLE events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        role text NOT NULL DEFAULT current_user,
        op_id text,
        kind text NOT NULL,
        reviewer text,
        article text,
        claim_id text,
        detail jsonb
    )""",
    """CREATE INDEX events_by_claim ON events (claim_id)""",
    """CREATE TABLE applied_ops (op_id text PRIMARY KEY, role text NOT NULL DEFAULT current_user,
        at timestamptz NOT NULL DEFAULT clock_timestamp())""",
    # who may write a row of ``reviewer``: its own role, or an adjudicator for the consensus reviewer
    f"""CREATE FUNCTION jingtui_may_write(row_reviewer text) RETURNS boolean
        LANGUAGE sql STABLE AS $$
        SELECT row_reviewer = current_user
            OR (row_reviewer = (SELECT value FROM team WHERE key = 'consensus')
                AND pg_has_role(current_user, '{ADJUDICATOR_ROLE}', 'MEMBER'))
        $$""",
    """CREATE FUNCTION jingtui_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$""",
    """CREATE FUNCTION jingtui_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the events table is append-only'; END $$""",
    # the journal, the counts and the notification of every claim change; a bulk write (an import,
    # a copy) sets jingtui.bulk and writes one event and one notification itself
    f"""CREATE FUNCTION jingtui_claim_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            event_id bigint;
            row_id text;
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN
                UPDATE claim_counts SET n = n - 1
                 WHERE article = OLD.article AND label = OLD.label AND reviewer = OLD.reviewer;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN
                INSERT INTO claim_counts AS c VALUES (NEW.article, NEW.label, NEW.reviewer, 1)
                    ON CONFLICT (article, label, reviewer) DO UPDATE SET n = c.n + 1;
            END IF;
            IF coalesce(current_setting('jingtui.bulk', true), '') = 'on' THEN
                RETURN NULL;
            END IF;
            IF TG_OP = 'DELETE' THEN
                INSERT INTO events (op_id, kind, reviewer, article, claim_id, detail)
                VALUES (current_setting('jingtui.op_id', true), 'claim.delete', OLD.reviewer, OLD.article,
                        OLD.id, to_jsonb(OLD)) RETURNING id INTO event_id;
                row_id := OLD.id;
            ELSE
                INSERT INTO events (op_id, kind, reviewer, article, claim_id, detail)
                VALUES (current_setting('jingtui.op_id', true),
                        CASE TG_OP WHEN 'INSERT' THEN 'claim.add' ELSE 'claim.update' END,
                        NEW.reviewer, NEW.article, NEW.id,
                        CASE TG_OP WHEN 'INSERT' THEN NULL ELSE jsonb_build_object('version', NEW.version) END)
                RETURNING id INTO event_id;
                row_id := NEW.id;
            END IF;
            PERFORM pg_notify('{CHANNEL}', event_id::text || ' ' || row_id);
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER claims_version BEFORE UPDATE ON claims FOR EACH ROW EXECUTE FUNCTION jingtui_bump_version()""",
    """CREATE TRIGGER article_states_version BEFORE UPDATE ON article_states
        FOR EACH ROW EXECUTE FUNCTION jingtui_bump_version()""",
    """CREATE TRIGGER settings_version BEFORE UPDATE ON settings
        FOR EACH ROW EXECUTE FUNCTION jingtui_bump_version()""",
    """CREATE TRIGGER rejections_version BEFORE UPDATE ON rejections
        FOR EACH ROW EXECUTE FUNCTION jingtui_bump_version()""",
    """CREATE TRIGGER claims_changed AFTER INSERT OR UPDATE OR DELETE ON claims
        FOR EACH ROW EXECUTE FUNCTION jingtui_claim_changed()""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION jingtui_append_only()""",
]


def _security_v1() -> list[Any]:
    """Row-level security and grants (identifiers composed with psycopg.sql, never formatted)."""
    reviewer, adjudicator = sql.Identifier(REVIEWER_ROLE), sql.Identifier(ADJUDICATOR_ROLE)
    statements: list[Any] = [
        sql.SQL("GRANT {} TO {}").format(reviewer, adjudicator),
        sql.SQL("GRANT SELECT ON team TO {}").format(reviewer),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON claims, article_states, settings, rejections TO {}")
        .format(reviewer),
        sql.SQL("GRANT SELECT, INSERT, UPDATE ON claim_counts TO {}").format(reviewer),
        sql.SQL("GRANT SELECT, INSERT ON events, applied_ops TO {}").format(reviewer),
        sql.SQL("GRANT USAGE ON SEQUENCE events_id_seq TO {}").format(reviewer),
    ]
    for table in WRITABLE_TABLES:
        name = sql.Identifier(table)
        who = "reviewer IN ('', current_user)" if table == "settings" else "jingtui_may_write(reviewer)"
        rule = sql.SQL(who)
        statements += [
            sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name),
            sql.SQL("CREATE POLICY read_all ON {} FOR SELECT USING (true)").format(name),
            sql.SQL("CREATE POLICY add_own ON {} FOR INSERT WITH CHECK ({})").format(name, rule),
            sql.SQL("CREATE POLICY change_own ON {} FOR UPDATE USING ({}) WITH CHECK ({})").format(name, rule, rule),
            sql.SQL("CREATE POLICY delete_own ON {} FOR DELETE USING ({})").format(name, rule),
        ]
    statements += [
        sql.SQL("ALTER TABLE events ENABLE ROW LEVEL SECURITY"),
        sql.SQL("CREATE POLICY read_all ON events FOR SELECT USING (true)"),
        sql.SQL("CREATE POLICY add_own ON events FOR INSERT WITH CHECK (role = current_user)"),
        sql.SQL("ALTER TABLE applied_ops ENABLE ROW LEVEL SECURITY"),
        sql.SQL("CREATE POLICY read_all ON applied_ops FOR SELECT USING (true)"),
        sql.SQL("CREATE POLICY add_own ON applied_ops FOR INSERT WITH CHECK (role = current_user)"),
        # the counts follow every reviewer's claims (through the trigger, run as the writer)
        sql.SQL("ALTER TABLE claim_counts ENABLE ROW LEVEL SECURITY"),
        sql.SQL("CREATE POLICY read_all ON claim_counts FOR SELECT USING (true)"),
        sql.SQL("CREATE POLICY add_own ON claim_counts FOR INSERT WITH CHECK (jingtui_may_write(reviewer))"),
        sql.SQL("CREATE POLICY change_own ON claim_counts FOR UPDATE USING (jingtui_may_write(reviewer)) "
                "WITH CHECK (jingtui_may_write(reviewer))"),
    ]
    return statements


# The codebook (issue 14): the version of the codebook a claim was made under, an article's variables.
_V2 = [
    """ALTER TABLE claims ADD COLUMN codebook_version text NOT NULL DEFAULT ''""",
    """ALTER TABLE article_states ADD COLUMN variables jsonb NOT NULL DEFAULT '{}'""",
]
# version 3: the passages a reviewer brought back into (or sent out of) an article's cleaned text
_V3 = ["""ALTER TABLE article_states ADD COLUMN cleaning_overrides jsonb NOT NULL DEFAULT '{}'"""]

MIGRATIONS: list[list[Any]] = [_V1 + _security_v1(), _V2, _V3]  # MIGRATIONS[i] brings version i to i + 1
LATEST = len(MIGRATIONS)


def installed_version(conn: Any, where: str) -> int:
    """The schema version of the database (0: empty); StoreError for another program's or a newer one."""
    row = conn.execute(
        "SELECT to_regclass('schema_version') IS NOT NULL, "
        "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())").fetchone()
    has_version_table, tables = bool(row[0]), int(row[1])
    if not has_version_table:
        if tables:
            raise StoreError("foreign", f"The database {where} holds tables of another program; "
                                        "nothing was written. Give an empty database or a jingtui one.")
        return 0
    rows = conn.execute("SELECT program, version FROM schema_version").fetchall()
    if len(rows) != 1 or rows[0][0] != PROGRAM:
        raise StoreError("foreign", f"The database {where} belongs to another program; nothing was written.")
    version = int(rows[0][1])
    if version > LATEST:
        raise StoreError("version", f"The database {where} has schema version {version}, newer than this "
                                    f"jingtui knows ({LATEST}); nothing was written. Upgrade jingtui.")
    return version


def check(conn: Any, where: str) -> None:
    """Refuse, with one sentence, a database that is not a jingtui schema of this very version."""
    version = installed_version(conn, where)
    if version == 0:
        raise StoreError("missing", f"The database {where} has no jingtui schema yet; "
                                    f"create it with: jingtui db init {where}")
    if version < LATEST:
        raise StoreError("version", f"The database {where} has schema version {version}; upgrade it "
                                    f"with: jingtui db init {where}")


def upgrade(conn: Any, where: str, target: int = LATEST) -> tuple[int, int]:
    """Create the schema or bring it to ``target`` (:data:`LATEST`); returns (version before, version after)."""
    before = installed_version(conn, where)
    if before == 0:
        with conn.transaction():
            _ensure_group_roles(conn)
            conn.execute("CREATE TABLE schema_version (program text NOT NULL, version integer NOT NULL, "
                         "upgraded_at timestamptz NOT NULL DEFAULT now())")
            conn.execute("INSERT INTO schema_version (program, version) VALUES (%s, 0)", (PROGRAM,))
            conn.execute(sql.SQL("GRANT SELECT ON schema_version TO {}").format(sql.Identifier(REVIEWER_ROLE)))
    for version in range(before, target):
        with conn.transaction():
            current = conn.execute("SELECT version FROM schema_version FOR UPDATE").fetchone()[0]
            if current != version:  # another db init ran meanwhile
                continue
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = %s, upgraded_at = now()", (version + 1,))
    return before, max(before, target)


def _ensure_group_roles(conn: Any) -> None:
    for role in (REVIEWER_ROLE, ADJUDICATOR_ROLE):
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))


def add_member(conn: Any, name: str, *, adjudicator: bool = False) -> bool:
    """Make ``name`` a reviewer (a login role, created when missing) and, if asked, an adjudicator.

    Returns whether the role was created.
    """
    created = False
    with conn.transaction():
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
            created = True
        group = ADJUDICATOR_ROLE if adjudicator else REVIEWER_ROLE
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
    return created
