"""The app on a team database: another reviewer's claims drawn within a second, theirs untouchable,
the server stopping said in the header and the work kept."""

from __future__ import annotations

import asyncio
import time

from jingtui.app import services
from jingtui.app.app import JingtuiApp
from jingtui.store.factory import open_store
from jingtui.store.model import make_claim

SIZE = (160, 48)


async def wait_for(pilot, condition, seconds: float = 1.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.02)
        await pilot.pause()
    return time.monotonic() - started


async def test_another_reviewers_claims_appear_live_and_stay_theirs(pg_db, seeds_copy):
    cluster, name = pg_db
    store, session = services.open_store(cluster.url(name, "ann"), None, local_dir=seeds_copy / ".jingtui")
    app = JingtuiApp(seeds_copy, cluster.url(name, "ann"), session.reviewer, store=store, session=session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: app.team_live.listener.connected.is_set(), 5)
        text = app.reader.cleaned_pane.text
        start = next(s for s, e in app.reader.cleaned_pane.nav.spans if e - s >= 6)
        with open_store(cluster.url(name, "bo")) as bo:
            theirs = bo.add(make_claim(app.reader.current, text, start, start + 4, "metric",
                                       text_sha256=app.reader.entries[app.reader.current].clean.sha256, reviewer="bo"))
            await wait_for(pilot, lambda: [c.id for c in app.reader.claims] == [theirs.id])
            assert app.reader.entries[app.reader.current].counts == {"metric": 1}
            bo.delete(theirs.id)
            await wait_for(pilot, lambda: app.reader.claims == [])
            again = bo.add(theirs)
        await wait_for(pilot, lambda: [c.id for c in app.reader.claims] == [again.id])
        app.reader.claims_panel.focus()
        await pilot.press("x")  # bo's claim: one sentence, nothing deleted
        await pilot.pause()
        assert [c.id for c in app.reader.claims] == [again.id]
        assert open_store(cluster.url(name, "bo")).get(again.id) is not None
        await pilot.press("R")  # the reviewer filter: ann's only, then bo's
        assert app.reader.reviewer_filter == "ann" and app.reader.claims == []
        await pilot.press("R")
        assert app.reader.reviewer_filter == "bo" and [c.id for c in app.reader.claims] == [again.id]


async def test_the_header_says_when_the_server_is_away_and_the_work_is_sent_later(pg_db, seeds_copy):
    cluster, name = pg_db
    url = cluster.url(name, "ann")
    store, session = services.open_store(url, None, local_dir=seeds_copy / ".jingtui")
    app = JingtuiApp(seeds_copy, url, session.reviewer, store=store, session=session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cluster.stop()
        try:
            start = next(s for s, e in app.reader.cleaned_pane.nav.spans if e - s >= 6)
            app.reader.cleaned_pane.move_to_offset(start + 1)
            await pilot.press("2")
            assert [c.label for c in app.reader.claims] == ["slogan"]
            await wait_for(pilot, lambda: "unreachable" in app.reader.header_bar.db_note, 3)
            assert "1 change kept locally" in app.reader.header_bar.db_note
        finally:
            cluster.start()
        await wait_for(pilot, lambda: app.reader.header_bar.db_note == "", 5)
    with open_store(url) as check:
        assert [c.label for c in check.claims()] == ["slogan"]
