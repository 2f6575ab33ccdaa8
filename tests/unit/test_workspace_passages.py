"""Bringing a removed passage back through the workspace: saved with the article, cleaned again,
claims re-anchored, exported; and sent out again, the very same text as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEEDS
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Workspace
from jingtui.workspace.passages import change_passages, clean_with_overrides, overrides_of


def test_bring_back_then_send_out_with_a_claim_that_follows(tmp_path: Path) -> None:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    rel = sorted(p.name for p in root.glob("*.txt"))[0]
    workspace = Workspace(root)
    article = workspace.read(rel)
    store = ClaimStore.open(root / ".jingtui" / "annotations.json")
    try:
        clean = clean_with_overrides(workspace, store, article)
        start = clean.text.index("。") + 1  # a claim on the second sentence
        claim = store.add(make_claim(rel, clean.text, start, start + 12, "metric", text_sha256=clean.sha256,
                                     original_span=clean.to_original.to_original(start, start + 12)))
        removed = next(ln for ln in clean.lines if ln.kind == "caption")
        passage = article.original[removed.original_start:removed.original_end]
        change = change_passages(workspace, store, article, clean, removed.original_start, action="bring-back")
        assert change.changed and change.what == "kept" and passage in change.clean.text
        assert overrides_of(store, rel) == change.overrides and len(change.overrides) == 1
        moved = store.get(claim.id)
        assert moved.status == "active" and moved.text_sha256 == change.clean.sha256
        assert change.clean.text[moved.start:moved.end] == claim.quote
        assert clean_with_overrides(workspace, store, article).text == change.clean.text  # remembered
        back = change_passages(workspace, store, article, change.clean, removed.original_start, action="send-out")
        assert back.changed and back.clean.text == clean.text and not overrides_of(store, rel)
        assert store.get(claim.id).start == claim.start
        same = change_passages(workspace, store, article, back.clean, removed.original_start, action="send-out")
        assert not same.changed
    finally:
        store.close()
