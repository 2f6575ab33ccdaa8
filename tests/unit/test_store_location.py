"""Choosing a store by its location: a path or a postgresql:// URL, from --db or JINGTUI_DB; passwords never shown."""

from __future__ import annotations

from pathlib import Path

from jingtui.store.claims import ClaimStore
from jingtui.store.factory import open_store
from jingtui.store.location import is_server_url, redact, resolve_location, scrub
from jingtui.store.pg.store import PgClaimStore
from jingtui.store.protocol import Store


def test_both_backends_satisfy_the_store_protocol(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.json") as store:
        assert isinstance(store, ClaimStore) and isinstance(store, Store)
    missing = {name for name in dir(Store) if not name.startswith("_") or name in ("__len__", "__contains__")}
    assert {name for name in missing if not hasattr(PgClaimStore, name)} - {"read_only"} == set()


def test_the_location_comes_from_db_then_the_environment_then_the_corpus(tmp_path: Path) -> None:
    url = "postgresql://ann@db.example/jingtui"
    assert resolve_location(url, tmp_path, env={}) == url
    assert resolve_location(None, tmp_path, env={"JINGTUI_DB": url}) == url
    assert resolve_location("x.json", tmp_path, env={"JINGTUI_DB": url}) == Path("x.json")
    assert resolve_location(None, tmp_path, env={}) == tmp_path / ".jingtui" / "annotations.json"
    assert is_server_url("postgres://h/d") and not is_server_url("notes/postgresql.json")


def test_passwords_are_redacted_in_urls_and_messages() -> None:
    url = "postgresql://ann:pa%40ss@db.example:5432/jingtui?sslmode=require"
    assert redact(url) == "postgresql://ann:***@db.example:5432/jingtui?sslmode=require"
    assert redact("postgresql://db/j?user=ann&password=hunter2") == "postgresql://db/j?user=ann&password=***"
    message = f"connection to {url} failed for password pa%40ss"
    assert "pa%40ss" not in scrub(message, url)
    assert redact(Path("/a/b.json")) == "/a/b.json"
