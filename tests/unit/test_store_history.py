"""The undoable claim commands of jingtui.store.history: tag and delete mirror each other."""

from __future__ import annotations

from pathlib import Path

from jingtui.store import ClaimStore, make_claim
from jingtui.store.history import DeleteClaim, History, TagClaim

TEXT = "今年以来，全市公安机关共破获刑事案件1234起。坚持以人民为中心的发展思想。"


def test_tag_and_delete_commands_name_their_claim_and_undo_each_other(tmp_path: Path) -> None:
    claim = make_claim("a.md", TEXT, 5, 22, "metric", text_sha256="sha", reviewer="amy")
    tag, delete = TagClaim(claim), DeleteClaim(claim)
    for command in (tag, delete):
        assert (command.article, command.claim_id) == ("a.md", claim.id)
    assert tag.describe() == "tag metric 全市公安机关共破获刑事案件123…"
    assert delete.describe() == "delete metric 全市公安机关共破获刑事案件123…"
    assert not isinstance(delete, TagClaim) and not isinstance(tag, DeleteClaim)
    with ClaimStore.open(tmp_path / "annotations.json", sync=False) as store:
        history = History()
        history.do(tag, store)
        assert [c.id for c in store.claims()] == [claim.id]
        history.do(DeleteClaim(store.get(claim.id)), store)
        assert store.claims() == []
        history.undo(store)  # the delete: the claim is back as it was
        assert [c.quote for c in store.claims()] == [TEXT[5:22]]
        history.undo(store)  # the tag
        assert store.claims() == [] and history.can_redo
        history.redo(store)
        assert [c.id for c in store.claims()] == [claim.id]
