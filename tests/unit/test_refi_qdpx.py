"""``jingtui export --format qdpx`` and ``jingtui import FILE.qdpx``: validated, read back by an independent
reader, round-tripped; other programs' projects and bad input."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS, TEST_DATA
from jingtui.cli import main
from jingtui.refi import guids
from jingtui.refi.positions import PROFILES
from jingtui.refi.project_reader import read_qdpx
from jingtui.refi.project_writer import write_qdpx
from jingtui.refi.records import Project, Selection, TextSource
from jingtui.refi.verify import verify_qdpx
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Cleaner, read_article

REFI = TEST_DATA / "refi"
SCHEMA = xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd"))
COMPARED = ("id", "article", "label", "start", "end", "quote", "prefix", "suffix", "original_start", "original_end",
            "note", "reviewer", "status", "text_sha256", "created_at", "updated_at")


def _db(root: Path) -> Path:
    return root / ".jingtui" / "annotations.json"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds with claims of two reviewers (the same spans, shifted by one), notes, a done article."""
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    rels = sorted(p.name for p in root.glob("*.txt"))
    cleaner = Cleaner(root)
    with ClaimStore.open(_db(root)) as store:
        for i, rel in enumerate(rels[:3]):
            clean = cleaner.clean(read_article(root, rel))
            for j, (start, end, label) in enumerate(((20, 35, "metric"), (40, 52, "slogan"), (60, 90, "anecdote"))):
                for reviewer, shift in (("ann", 0), ("bo", 1)):
                    s, e = start + i + shift, end + i
                    claim = make_claim(rel, clean.text, s, e, label, text_sha256=clean.sha256,
                                       original_span=clean.to_original.to_original(s, e), reviewer=reviewer,
                                       note="注：第一 & <二>\n第二行" if j == 0 else "")
                    store.add(claim)
        store.set_state(rels[0], done=True)
    return root


def _export(root: Path, out: Path, *extra: str) -> int:
    return main(["export", str(root), "--format", "qdpx", "-o", str(out), *extra])


def _claims(db: Path) -> dict[str, dict]:
    with ClaimStore.open(db, read_only=True) as store:
        return {c.id: {key: getattr(c, key) for key in COMPARED} for c in store.claims()}


def test_seeds_export_validates_reads_back_in_pyrefiqda_and_round_trips(corpus: Path, tmp_path: Path, capsys) -> None:
    from pyrefiqda import RefiProject

    out = tmp_path / "seeds.qdpx"
    assert _export(corpus, out) == 0
    assert "all 18 selections read back with their quotes" in capsys.readouterr().err
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
        names = archive.namelist()
    assert SCHEMA.is_valid(io.BytesIO(qde))
    assert sum(name.startswith("sources/") and name.endswith(".txt") for name in names) == 3

    original = _claims(_db(corpus))
    by_selection = {guids.selection_guid(cid): claim for cid, claim in original.items()}
    project = RefiProject.load(out, extract_dir=str(tmp_path / "extracted"))
    assert sorted(user.name for user in project.users.user) == ["ann", "bo"]
    assert [code.name for code in project.code_book.codes.code] == ["metric", "slogan", "anecdote"]
    seen = 0
    for source in project.sources.text_source:
        text_file = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "extracted")
        raw = text_file.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        text = raw.decode("utf-8")
        for selection in source.plain_text_selection:
            claim = by_selection[selection.guid]
            assert text[selection.start_position:selection.end_position] == claim["quote"]
            assert claim["article"] == source.name
            seen += 1
    assert seen == len(original) == 18
    assert len(project.notes.note) == 6 and project.sets.set[0].name == "done"

    empty = tmp_path / "empty" / "db.json"
    assert main(["import", str(out), str(corpus), "--db", str(empty)]) == 0
    assert _claims(empty) == original
    with ClaimStore.open(empty, read_only=True) as store:
        assert store.done_articles() == [min(p.name for p in corpus.glob("*.txt"))]


def test_a_second_export_is_byte_identical_and_reimport_adds_nothing(corpus: Path, tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    assert _export(corpus, first) == 0 and _export(corpus, second) == 0
    def read(path: Path) -> bytes:
        with zipfile.ZipFile(path) as archive:
            return archive.read("project.qde")

    assert read(first) == read(second)
    before = _db(corpus).read_bytes()
    assert main(["import", str(first), str(corpus), "--json"]) == 0
    assert '"added": 0, "skipped": 18' in capsys.readouterr().out
    assert len(_claims(_db(corpus))) == 18
    assert _db(corpus).read_bytes() == before


@pytest.mark.parametrize("counting", ["codepoints", "utf16", "nvivo"])
def test_characters_outside_the_bmp_keep_their_spans_under_each_counting(tmp_path: Path, counting: str) -> None:
    from pyrefiqda import RefiProject

    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("吉祥的𠮷字\n\n他说𠮷野家的𠮷和吉不同，𡈽也是。再说一遍𠮷。\n", encoding="utf-8")
    clean = Cleaner(root).clean(read_article(root, "a.txt"))
    at = clean.text.index("𠮷野家")
    spans = [(at, at + 3), (clean.text.index("𡈽"), len(clean.text) - 1)]
    with ClaimStore.open(_db(root)) as store:
        for s, e in spans:
            store.add(make_claim("a.txt", clean.text, s, e, "slogan", text_sha256=clean.sha256, reviewer="ann"))
    out = tmp_path / "a.qdpx"
    assert _export(root, out, "--positions", counting) == 0
    project = RefiProject.load(out, extract_dir=str(tmp_path / "x"))
    got = sorted((s.start_position, s.end_position) for s in project.sources.text_source[0].plain_text_selection)
    wide = counting != "codepoints"
    units = (lambda i: len(clean.text[:i].encode("utf-16-le")) // 2) if wide else (lambda i: i)
    assert got == sorted((units(s), units(e)) for s, e in spans)
    qde = zipfile.ZipFile(out).read("project.qde")
    assert f"(jingtui counting: {counting})" in qde.decode()
    assert SCHEMA.is_valid(io.BytesIO(qde))
    empty = tmp_path / "db.json"
    assert main(["import", str(out), str(root), "--db", str(empty)]) == 0
    assert sorted((c["start"], c["end"]) for c in _claims(empty).values()) == sorted(spans)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中文𠮷𡈽\n，a")), min_size=1, max_size=30), st.data())
def test_property_spans_survive_writing_and_reading_under_every_counting(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    source = TextSource(guid=guids.source_guid("a.txt"), name="a.txt", text=text)
    source.selections.append(Selection(guid=guids.selection_guid("c1"), start=start, end=end,
                                       code=guids.code_guid("metric"), coding_guid=guids.coding_guid("c1"),
                                       quote=text[start:end], claim_id="c1"))
    project = Project(name="p", origin="jingtui test", sources=[source])
    for counting in PROFILES.values():
        buffer = io.BytesIO()
        project.description = counting.describe()
        write_qdpx(buffer, project, counting)
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "p.qdpx"
            path.write_bytes(buffer.getvalue())
            assert verify_qdpx(path, counting).ok
            back, used = read_qdpx(path)
        assert used is counting
        selection = back.sources[0].selections[0]
        assert (selection.start, selection.end, selection.quote) == (start, end, text[start:end])


@pytest.mark.parametrize("sample,skipped", [("atlas-target-project.qdpx", 0), ("nvivo-project.qdpx", 0),
                                            ("refi-test-project.qdpx", 6)])
def test_other_programs_projects_import_without_error(tmp_path: Path, capsys, sample: str, skipped: int) -> None:
    import json

    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    assert main(["import", str(REFI / sample), str(root), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["users"] and report["codes_added"]
    assert len(report["skipped_sources"]) == skipped
    assert report["added"] == 0  # their texts are not articles of the seeds: reported, never guessed
    if sample.startswith("refi-test"):
        assert any("Mabel.txt" in item for item in report["unmatched"])
    from jingtui.codebook import load_codebook
    from jingtui.refi.project_reader import read_qdpx

    book = load_codebook(root)
    project, _counting = read_qdpx(REFI / sample)
    assert len(book) == 3 + len(project.codes) == 3 + len(report["codes_added"])
    assert {"metric", "slogan", "anecdote"} <= set(book.ids)
    if sample.startswith("nvivo"):  # the tree is kept: 'programming' twice, under different parents
        paths = {book.path_of(code.id) for code in book.codes}
        assert "rq1_definition/competencies/programming" in paths
    assert main(["import", str(REFI / sample), str(root), "--json"]) == 0  # again: nothing new
    assert json.loads(capsys.readouterr().out)["codes_added"] == []


def _foreign_project(root: Path, tmp_path: Path) -> Path:
    """A project as another program writes it: ``Project.qde``, ``Sources/``, a BOM and CR LF line ends,
    positions counting CR LF as one, the source matched only by its text, a code of its own."""
    clean = Cleaner(root).clean(read_article(root, "a.txt"))
    quote = "第二段的一句话"
    start = clean.text.index(quote)
    user, code, source = (str(guids.derived("t", k)) for k in ("user", "code", "source"))
    qde = f'''<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="other" origin="ATLAS.ti 23">
  <Users><User guid="{user}" name="Chen Jing"/></Users>
  <CodeBook><Codes><Code guid="{code}" name="宣传口号" isCodable="true" color="#FF0000"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{source}" name="imported file.txt" plainTextPath="internal://{source.upper()}.txt">
      <PlainTextSelection guid="{guids.derived("t", "sel")}" startPosition="{start}" endPosition="{start + len(quote)}"
          creatingUser="{user}" creationDateTime="2024-01-02T03:04:05Z" name="{quote}">
        <Description>一条批注</Description>
        <Coding guid="{guids.derived("t", "coding")}" creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>'''.encode()
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Project.qde", qde)
        archive.writestr(f"Sources/{source.upper()}.txt", b"\xef\xbb\xbf" + clean.text.replace("\n", "\r\n").encode())
    return path


def test_a_foreign_project_with_bom_crlf_and_upper_case_folder_is_placed_by_text(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("标题\n\n第一段。\n\n第二段的一句话，还有别的。\n", encoding="utf-8")
    path = _foreign_project(root, tmp_path)
    db = tmp_path / "db.json"
    assert main(["import", str(path), str(root), "--db", str(db)]) == 0
    (claim,) = _claims(db).values()
    assert (claim["quote"], claim["reviewer"], claim["label"], claim["note"]) == (
        "第二段的一句话", "Chen Jing", "宣传口号", "一条批注")
    assert claim["status"] == "active" and claim["created_at"] == "2024-01-02T03:04:05Z"
    from jingtui.codebook import load_codebook

    code = load_codebook(root).code("宣传口号")
    assert code is not None and code.colour == "#ff0000"


def _bad_files(tmp_path: Path, good: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def zipped(name: str, members: dict[str, bytes]) -> None:
        path = tmp_path / f"{name}.qdpx"
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        files[name] = path

    with zipfile.ZipFile(good) as archive:
        qde = archive.read("project.qde")
        sources = {n: archive.read(n) for n in archive.namelist() if n != "project.qde"}
    zipped("no-qde", sources)
    zipped("schema", {"project.qde": qde.replace(b"<Users>", b"<Users><Banana/>", 1), **sources})
    zipped("escape", {"project.qde": qde, "../outside.txt": b"x", **sources})
    zipped("escape-path", {"project.qde": qde.replace(b"internal://", b"internal://../", 1), **sources})
    zipped("not-xml", {"project.qde": qde[: len(qde) // 2], **sources})
    truncated = tmp_path / "truncated.qdpx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    files["truncated"] = truncated
    from test_refi_core import _bomb

    files["bomb"] = _bomb(tmp_path / "bomb.qdpx")
    return files


def test_bad_input_is_one_sentence_exit_2_and_the_database_is_byte_identical(corpus: Path, tmp_path: Path,
                                                                              capsys) -> None:
    good = tmp_path / "good.qdpx"
    assert _export(corpus, good) == 0
    capsys.readouterr()
    db_folder = _db(corpus).parent
    before = {p.name: p.read_bytes() for p in db_folder.iterdir() if p.is_file()}
    messages: dict[str, str] = {}
    for name, path in _bad_files(tmp_path, good).items():
        assert main(["import", str(path), str(corpus)]) == 2, name
        captured = capsys.readouterr()
        message = captured.err.strip()
        assert message.startswith("jingtui: ") and "\n" not in message and "Traceback" not in message, name
        assert captured.out == "", name
        assert {p.name: p.read_bytes() for p in db_folder.iterdir() if p.is_file()} == before, name
        messages[name] = message
    assert len(set(messages.values())) == len(messages)  # each says what is wrong with its own file
    print("\n".join(f"{name}: {message}" for name, message in messages.items()))


def test_export_needs_a_file_and_never_replaces_someone_elses_zip(corpus: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(corpus), "--format", "qdpx"]) == 2
    assert "-o FILE.qdpx" in capsys.readouterr().err
    foreign = tmp_path / "theirs.qdpx"
    shutil.copy(REFI / "nvivo-project.qdpx", foreign)
    assert _export(corpus, foreign) == 2
    assert foreign.read_bytes() == (REFI / "nvivo-project.qdpx").read_bytes()
    ours = tmp_path / "ours.qdpx"
    assert _export(corpus, ours) == 0 and _export(corpus, ours) == 0


def test_an_edited_article_gets_its_codings_back_by_quote_and_what_is_gone_stays_orphaned(tmp_path: Path,
                                                                                       capsys) -> None:
    """The other program coded the text as exported; since then the article changed: offsets alone lie."""
    import json

    root = tmp_path / "c"
    root.mkdir()
    first = "第一段说了，今年全省地区生产总值增长百分之五点二，这是一个很长的句子。"
    (root / "a.txt").write_text(f"标题\n\n{first}\n\n第二段有一句口号：撸起袖子加油干，群众的获得感不断增强。\n",
                                encoding="utf-8")
    clean = Cleaner(root).clean(read_article(root, "a.txt"))
    with ClaimStore.open(_db(root)) as store:
        for quote, label in (("增长百分之五点二", "metric"), ("撸起袖子加油干", "slogan")):
            start = clean.text.index(quote)
            store.add(make_claim("a.txt", clean.text, start, start + len(quote), label, text_sha256=clean.sha256,
                                 reviewer="ann"))
    out = tmp_path / "a.qdpx"
    assert _export(root, out) == 0
    (root / "a.txt").write_text(f"标题\n\n新加的导语放在了最前面，记者从有关部门获悉了这个消息。\n\n{first}\n\n"
                                "第二段删去了那句话，只说群众的获得感和幸福感不断增强。\n", encoding="utf-8")
    empty = tmp_path / "db.json"
    capsys.readouterr()
    assert main(["import", str(out), str(root), "--db", str(empty), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["orphaned"] == 1
    new_text = Cleaner(root).clean(read_article(root, "a.txt")).text
    claims = sorted(_claims(empty).values(), key=lambda c: c["label"])
    metric, slogan = claims
    assert metric["status"] == "active" and new_text[metric["start"]:metric["end"]] == "增长百分之五点二"
    assert metric["start"] != clean.text.index("增长百分之五点二")  # moved, not trusted at its old offset
    assert slogan["status"] == "orphaned" and slogan["quote"] == "撸起袖子加油干"


def test_positions_belongs_to_qdpx_only(corpus: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(corpus), "-o", str(tmp_path / "a.json"), "--positions", "utf16"]) == 2
    assert "--format qdpx" in capsys.readouterr().err


def test_the_codebooks_document_variables_travel_with_their_types(corpus: Path, tmp_path: Path, capsys) -> None:
    from pyrefiqda import RefiProject

    (corpus / "codebook.toml").write_text('''
[[codes]]
id = "metric"
name = "数字"

[[codes]]
id = "slogan"

[[codes]]
id = "anecdote"

[[variables]]
id = "genre"
name = "体裁"
type = "choice"
choices = ["消息", "评论"]

[[variables]]
id = "stance"
type = "number"

[[variables]]
id = "official"
type = "boolean"

[[variables]]
id = "title"
type = "text"
''', encoding="utf-8")
    first = min(p.name for p in corpus.glob("*.txt"))
    with ClaimStore.open(_db(corpus)) as store:
        store.set_state(first, variables={"genre": "评论", "stance": 0.5, "official": True, "title": "别名"})
    out = tmp_path / "v.qdpx"
    assert _export(corpus, out) == 0
    qde = zipfile.ZipFile(out).read("project.qde")
    assert SCHEMA.is_valid(io.BytesIO(qde))
    project = RefiProject.load(out, extract_dir=str(tmp_path / "x"))
    names = {v.guid: (v.name, v.type_of_variable.value) for v in project.variables.variable}
    assert ("体裁", "Text") in names.values() and ("stance", "Float") in names.values()
    assert ("official", "Boolean") in names.values() and ("title (title)", "Text") in names.values()
    source = next(s for s in project.sources.text_source if s.name == first)
    values = {names[v.variable_ref.target_guid][0]: v for v in source.variable_value}
    assert values["体裁"].text_value == "评论" and values["title (title)"].text_value == "别名"
    assert float(values["stance"].float_value) == 0.5 and values["official"].boolean_value is True
    assert project.code_book.codes.code[0].name == "数字"

    # back: into an empty database, the values come back typed; into one with its own value, ours is kept

    empty = tmp_path / "db.json"
    assert main(["import", str(out), str(corpus), "--db", str(empty), "--json"]) == 0
    with ClaimStore.open(empty, read_only=True) as store:
        assert store.get_state(first).variables == {"genre": "评论", "stance": 0.5, "official": True, "title": "别名"}
    with ClaimStore.open(_db(corpus)) as store:
        store.set_state(first, variables={"genre": "消息"})
    assert main(["import", str(out), str(corpus), "--json"]) == 0
    with ClaimStore.open(_db(corpus), read_only=True) as store:
        assert store.get_state(first).variables == {"genre": "消息", "stance": 0.5, "official": True, "title": "别名"}
