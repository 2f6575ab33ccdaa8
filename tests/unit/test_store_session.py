"""AnnotationSession: validated changes, unlimited undo/redo across articles; quote == text[start:end]."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from jingtui.store import AnnotationSession, ClaimError, ClaimStore

TEXTS = {
    "a.md": "今年以来，全市公安机关共破获刑事案件1234起。坚持以人民为中心的发展思想。村民老张说，日子越过越好。",
    "b.md": "数字经济规模达到5.2万亿元，同比增长9.7%。\n让群众少跑腿、数据多跑路。",
}


@pytest.fixture
def session(tmp_path: Path):
    with ClaimStore.open(tmp_path / "annotations.json") as store:
        yield AnnotationSession(store, reviewer="amy")


def tag(session: AnnotationSession, article: str = "a.md", start: int = 5, end: int = 22, label: str = "metric"):
    return session.tag(article, TEXTS[article], f"sha-{article}", start, end, label)


def test_tag_stores_a_full_claim(session: AnnotationSession) -> None:
    claim = session.tag("a.md", TEXTS["a.md"], "sha", 5, 22, "metric", original_span=(105, 122),
                        fields={"value": 1234}, note="n")
    assert claim.quote == TEXTS["a.md"][5:22] and claim.prefix == TEXTS["a.md"][:5]
    assert claim.suffix == TEXTS["a.md"][22:54]
    assert (claim.original_start, claim.original_end) == (105, 122)
    assert (claim.reviewer, claim.origin, claim.text_sha256, claim.note) == ("amy", "manual", "sha", "n")
    assert claim.fields == {"value": 1234}
    assert session.store.get(claim.id) == claim and session.tagged_count == 1
    assert session.started_at and session.elapsed() >= 0


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 3), (5, 2), (0, 1000)])
def test_tag_refuses_spans_outside_the_text(session: AnnotationSession, start: int, end: int) -> None:
    with pytest.raises(ClaimError):
        tag(session, start=start, end=end)
    assert len(session.store) == 0 and not session.can_undo


def test_tag_refuses_unknown_labels_and_blank_selections(session: AnnotationSession) -> None:
    with pytest.raises(ClaimError, match="not one of metric, slogan, anecdote"):
        tag(session, label="opinion")
    with pytest.raises(ClaimError):
        session.tag("b.md", "ab \n cd", "sha", 2, 5, "metric")
    session.store.set_meta("labels", ["metric", "opinion"])
    assert tag(session, label="opinion").label == "opinion"
    with pytest.raises(ClaimError):
        tag(session, label="slogan")


def test_relabel_note_delete_done_and_their_undo(session: AnnotationSession) -> None:
    claim = tag(session)
    assert session.relabel(claim.id, "slogan").label == "slogan"
    assert session.set_note(claim.id, "数字可查").note == "数字可查"
    session.set_done("a.md", True)
    assert session.store.get_state("a.md").done
    deleted = session.delete(claim.id)
    assert deleted.note == "数字可查" and session.store.get(claim.id) is None

    change = session.undo()
    assert change.description.startswith("Undid: delete slogan") and change.claim_id == claim.id
    assert session.store.get(claim.id).note == "数字可查"
    assert session.undo().description == "Undid: mark a.md done"
    assert not session.store.get_state("a.md").done
    assert session.undo().description.startswith("Undid: note on")
    assert session.store.get(claim.id).note == ""
    change = session.undo()
    assert change.description.startswith("Undid: relabel") and session.store.get(claim.id).label == "metric"
    change = session.undo()
    assert change.description == "Undid: tag metric 全市公安机关共破获刑事案件123…"
    assert change.article == "a.md" and session.store.get(claim.id) is None and session.tagged_count == 0
    assert session.undo() is None

    assert session.redo().description.startswith("Redid: tag metric")
    assert session.store.get(claim.id).created_at == claim.created_at and session.tagged_count == 1
    assert session.redo().description.startswith("Redid: relabel")
    assert session.store.get(claim.id).label == "slogan"


def test_undo_redo_across_articles(session: AnnotationSession) -> None:
    a = tag(session, "a.md")
    b = tag(session, "b.md", 0, 10, "metric")
    assert session.undo().article == "b.md"
    assert session.undo().article == "a.md"
    assert len(session.store) == 0
    assert session.redo().claim_id == a.id
    assert session.redo().claim_id == b.id
    assert session.redo() is None
    assert {c.id for c in session.store.claims()} == {a.id, b.id}


def test_a_new_change_clears_redo(session: AnnotationSession) -> None:
    tag(session)
    session.undo()
    assert session.can_redo
    tag(session, start=23, end=36, label="slogan")
    assert not session.can_redo and session.redo() is None


def test_changes_to_missing_claims_are_refused(session: AnnotationSession) -> None:
    with pytest.raises(ClaimError):
        session.relabel("nope", "metric")
    with pytest.raises(ClaimError):
        session.delete("nope")


@dataclass(frozen=True)
class ModelClaim:
    article: str
    start: int
    end: int
    label: str
    note: str = ""


@dataclass
class Op:
    """One change as the model records it: what ``handle`` (or ``article``'s done flag) was before and after."""

    kind: str  # tag | edit | delete | done
    key: int | str  # a claim's handle, or an article
    before: ModelClaim | bool | None
    after: ModelClaim | bool | None


class SessionMachine(RuleBasedStateMachine):
    """Any sequence of tag/relabel/note/delete/done/undo/redo leaves the store as a plain model of the
    session says (claims, done flags, the session's tag count), and every quote on its text.

    Claims are chosen by their handle (the order the model saw them made), never by position in a list
    of random ids: the same draws pick the same claims when hypothesis replays an example."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.store = ClaimStore.open(self.folder / "annotations.json", sync=False)  # spare the shared disk
        self.session = AnnotationSession(self.store, "prop")
        self.claims: dict[int, ModelClaim] = {}  # handle -> the claim as it should be stored
        self.ids: dict[int, str] = {}  # handle -> the store's id
        self.done: dict[str, bool] = {}
        self.undo_stack: list[Op] = []
        self.redo_stack: list[Op] = []
        self.tagged = 0

    def teardown(self) -> None:
        before = {c.id: c for c in self.store.claims()}
        self.store.close()
        with ClaimStore.open(self.folder / "annotations.json") as again:
            assert {c.id: c for c in again.claims()} == before
        shutil.rmtree(self.folder)

    # the model's side of a change
    def _set(self, key: int | str, value: ModelClaim | bool | None) -> None:
        if isinstance(key, str):
            self.done[key] = bool(value)
        elif value is None:
            self.claims.pop(key, None)
        else:
            assert isinstance(value, ModelClaim)
            self.claims[key] = value

    def _record(self, op: Op) -> None:
        self._set(op.key, op.after)
        self.undo_stack.append(op)
        self.redo_stack.clear()

    def _handle(self, data: st.DataObject) -> int:
        return data.draw(st.sampled_from(sorted(self.claims)))

    @rule(article=st.sampled_from(sorted(TEXTS)), data=st.data(),
          label=st.sampled_from(["metric", "slogan", "anecdote"]))
    def tag(self, article: str, data: st.DataObject, label: str) -> None:
        text = TEXTS[article]
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        if not text[start:end].strip():
            with pytest.raises(ClaimError):
                self.session.tag(article, text, "sha", start, end, label)
            return
        wanted = ModelClaim(article, start, end, label)
        if any((c.article, c.start, c.end, c.label) == (article, start, end, label) for c in self.claims.values()):
            with pytest.raises(ClaimError):
                self.session.tag(article, text, "sha", start, end, label)
            return
        claim = self.session.tag(article, text, "sha", start, end, label)
        assert claim.quote == text[start:end]
        handle = len(self.ids)
        self.ids[handle] = claim.id
        self.tagged += 1
        self._record(Op("tag", handle, None, wanted))

    @precondition(lambda self: bool(self.claims))
    @rule(data=st.data(), label=st.sampled_from(["metric", "slogan", "anecdote"]))
    def relabel(self, data: st.DataObject, label: str) -> None:
        handle = self._handle(data)
        self.session.relabel(self.ids[handle], label)
        before = self.claims[handle]
        self._record(Op("edit", handle, before, replace(before, label=label)))

    @precondition(lambda self: bool(self.claims))
    @rule(data=st.data(), note=st.text(max_size=5))
    def note(self, data: st.DataObject, note: str) -> None:
        handle = self._handle(data)
        self.session.set_note(self.ids[handle], note)
        before = self.claims[handle]
        self._record(Op("edit", handle, before, replace(before, note=note)))

    @precondition(lambda self: bool(self.claims))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        handle = self._handle(data)
        self.session.delete(self.ids[handle])
        self._record(Op("delete", handle, self.claims[handle], None))

    @rule(article=st.sampled_from(sorted(TEXTS)), done=st.booleans())
    def mark_done(self, article: str, done: bool) -> None:
        self.session.set_done(article, done)
        self._record(Op("done", article, self.done.get(article, False), done))

    @rule()
    def undo(self) -> None:
        change = self.session.undo()
        if not self.undo_stack:
            assert change is None
            return
        op = self.undo_stack.pop()
        self._set(op.key, op.before)
        self.redo_stack.append(op)
        self.tagged -= op.kind == "tag"
        assert change is not None and change.description.startswith("Undid: ")

    @rule()
    def redo(self) -> None:
        change = self.session.redo()
        if not self.redo_stack:
            assert change is None
            return
        op = self.redo_stack.pop()
        self._set(op.key, op.after)
        self.undo_stack.append(op)
        self.tagged += op.kind == "tag"
        assert change is not None and change.description.startswith("Redid: ")

    @invariant()
    def the_store_is_the_model(self) -> None:
        stored = {c.id: c for c in self.store.claims()}
        assert stored.keys() == {self.ids[h] for h in self.claims}
        for handle, wanted in self.claims.items():
            claim = stored[self.ids[handle]]
            assert (claim.article, claim.start, claim.end, claim.label, claim.note) == (
                wanted.article, wanted.start, wanted.end, wanted.label, wanted.note)
            assert claim.status == "active" and claim.quote == TEXTS[claim.article][claim.start : claim.end]
        for article in TEXTS:
            assert self.store.get_state(article).done == self.done.get(article, False)
        counted = sum(sum(by_label.values()) for by_label in self.store.counts().values())
        assert counted == len(stored) == len(self.store)
        assert self.session.tagged_count == self.tagged
        assert self.session.can_undo == bool(self.undo_stack) and self.session.can_redo == bool(self.redo_stack)


SessionMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_session_state_machine = SessionMachine.TestCase


def test_undo_of_a_claim_changed_elsewhere_is_refused_and_skipped(session: AnnotationSession) -> None:
    first = tag(session)
    second = tag(session, start=23, end=36, label="slogan")
    session.store.delete(second.id)  # e.g. an import replaced it
    with pytest.raises(ClaimError, match="changed outside"):
        session.undo()
    assert session.undo().claim_id == first.id  # the next one still works
    assert len(session.store) == 0


def test_the_same_span_and_label_twice_is_refused(session: AnnotationSession) -> None:
    first = tag(session)
    with pytest.raises(ClaimError, match="already tagged metric"):
        tag(session)
    assert tag(session, label="slogan").id != first.id  # another label on the same text is fine
    session.delete(first.id)
    assert tag(session).label == "metric"  # and once deleted it may be tagged again


def test_reject_suggestion_is_undoable(session: AnnotationSession) -> None:
    session.reject_suggestion("a.md", "metric", 5, 22, TEXTS["a.md"][5:22])
    assert len(session.store.rejections("a.md")) == 1
    assert session.undo().description.startswith("Undid: reject suggestion metric")
    assert session.store.rejections("a.md") == []
    session.redo()
    assert len(session.store.rejections("a.md")) == 1
