"""Slogan detector: quoted set phrases, numbered formulas, parallel runs and lexicon entries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from jingtui.suggest.amounts import find_quantities
from jingtui.suggest.fields import slogan_canonical
from jingtui.suggest.lexicon import SloganLexicon
from jingtui.suggest.model import Suggestion
from jingtui.suggest.quantities import find_changes, find_zero_claims
from jingtui.util.han import HAN
from jingtui.util.segment import clause_spans, sentence_spans

LABEL = "slogan"
CN_NUM = "一二两三四五六七八九十百千双"
# “...”, ‘...’, 「...」, "...": a short quotation without a sentence end inside is a set phrase.
QUOTED_RE = re.compile(r"“([^“”\n]{2,80})”|‘([^‘’\n]{2,80})’|「([^「」\n]{2,80})」|\"([^\"\n]{2,80})\"")
MAX_QUOTED = 40  # longer quotations count only when they are lists (、)
# Numbered formulas: 两个维护, 四个意识, 五大工程, 三大攻坚战, 八大战役.
# Never from inside a counted number: 第二个, 二十届 (a numeral or 第 before the first numeral).
_NUMBER_EDGE = rf"(?<![{CN_NUM}第零〇0-9])"
NUMBERED_BIG_RE = re.compile(
    rf"{_NUMBER_EDGE}[二两三四五六七八九十]大[{HAN}]{{0,4}}?(?:工程|战役|行动|攻坚战|任务|专项|领域|亮点|举措|体系|平台|战略|板块|"
    rf"提升工程|品牌|机制|会战|攻坚|建设|理念|目标)"
)
# 增强四个意识, 做到两个维护: a verb of commitment, then N个 and a short abstract noun.
FORMULA_VERBS = ("坚决做到", "牢固树立", "做到", "增强", "坚定", "坚持", "践行", "落实", "树牢", "树立", "牢记", "贯彻",
                 "强化", "深化", "把握", "秉持", "恪守", "统筹", "推动")
NUMBERED_GE_RE = re.compile(
    rf"(?:{'|'.join(FORMULA_VERBS)})(?P<f>[两二三四五六七八九十]个[{HAN}]{{2,4}}?)(?=[”’、，。；：\s]|$|和|与|的要求)"
)
# Paired numerals: 两转两促三思考, 三联三巡, 一室两队, 两码一证, 以案四说.
_NOT_NUM = rf"(?![{CN_NUM}])[{HAN}]"
PAIRED_RE = re.compile(rf"{_NUMBER_EDGE}(?:[{CN_NUM}]{_NOT_NUM}){{2,3}}(?:[{HAN}](?=[”’」、，。；\s]))?")
# 二十届四中全会, 十九届六中全会: an ordinal session of a congress, not a formula.
SESSION_RE = re.compile(rf"[{CN_NUM}]+届[{CN_NUM}]+中全会")
PAIRED_STOP = ("一天一", "一年一", "一家一", "一点一", "一五一十", "一心一意", "一朝一夕", "一草一木", "一言一行",
               "一举一动", "一针一线", "一砖一瓦", "三番五次", "一丝一毫", "一字一句", "一笔一划", "一步一")
# Items of a parallel run: 3 to 8 Han characters.
ITEM_MIN, ITEM_MAX = 3, 8
PROGRAM_NOUNS = ("工程", "目标", "格局", "机制", "行动", "战略", "模式", "体系", "工作法", "计划", "方针", "思路")
NUMERIC_CODE_RE = re.compile(rf"[“\"]([0-9０-９+＋N]{{2,8}})[”\"]([{HAN}]{{0,6}}?(?:{'|'.join(PROGRAM_NOUNS)}))")
_MAYBE_METRIC_RE = re.compile(r"[0-9０-９零双%％成倍]|[一二两三四五六七八九十百千万][^个大项条]|下降|上升|增长|提升")
CAMPAIGN_AFTER_RE = re.compile(
    r"(?:专项行动|专项斗争|行动|活动|工程|建设|改革|机制|模式|品牌|战略|要求|精神|目标|理念|工作法|工作|攻坚战|战役|"
    r"整体思路|思路|格局|体系|实践活动|主题|总要求|方针|等专项)"
)
HONOUR_BEFORE_RE = re.compile(r"(?:获评|荣获|评为|授予|授牌|表彰为|命名为|获得|荣膺|入选)$")
HONOUR_AFTER_RE = re.compile(r"(?:称号|荣誉称号|荣誉|奖|提名)")
SENTENCE_END_RE = re.compile(r"[。！？!?]")
FIRST_PERSON_RE = re.compile(r"[我你您咱]")
CLAUSE_MARK_RE = re.compile(r"[，,；;：:]")


def _single_word(inner: str) -> bool:
    """A quotation of one short word (“火箭”, “团队”, “才能”): no punctuation, at most three Han characters."""
    return len(inner) <= 3 and re.fullmatch(rf"[{HAN}]+", inner) is not None


def quoted_words(text: str) -> set[str]:
    """The single words quoted in ``text`` (for counting in how many articles each is quoted)."""
    return {inner for m in QUOTED_RE.finditer(text)
            if _single_word(inner := next(g for g in m.groups() if g is not None))}


# Two quotations listed together (“昆仑”“净网”, “不说不”、“点滴警务”, “雷暴”到命案积案“昭雪”): names.
_LISTED_GAP_RE = re.compile(r"[^，。；！？,;!?\n“”]{0,8}")


def _listed(matches: list[re.Match[str]], i: int, text: str) -> bool:
    """Whether quotation ``i`` has a neighbour quotation in the same clause, a few characters away."""
    gap = _LISTED_GAP_RE.fullmatch
    before = i > 0 and gap(text, matches[i - 1].end(), matches[i].start()) is not None
    after = i + 1 < len(matches) and gap(text, matches[i].end(), matches[i + 1].start()) is not None
    return before or after


def _quoted(text: str, repeated: frozenset[str] = frozenset()) -> list[tuple[int, int, float, str]]:
    out = []
    quotations = list(QUOTED_RE.finditer(text))
    for i, m in enumerate(quotations):
        inner = next(g for g in m.groups() if g is not None)
        if SENTENCE_END_RE.search(inner) or (FIRST_PERSON_RE.search(inner) and CLAUSE_MARK_RE.search(inner)):
            continue  # a quotation of speech, not a set phrase (but “我为群众办实事” is one)
        if len(inner) > MAX_QUOTED and "、" not in inner:
            continue
        if re.fullmatch(r"[\d.．、,，\s%％:：\-+]+", inner):
            continue  # a case number such as “1.26” or “3.15”
        if not re.search(rf"[{HAN}]", inner):
            continue
        if re.fullmatch(r"[一二三四五六七八九十]{1,3}", inner):
            continue  # a date name such as “七一”, “八一”
        if _MAYBE_METRIC_RE.search(inner) and (find_quantities(inner) or find_zero_claims(inner)
                                                or find_changes(inner)):
            continue  # “零发案”, “双下降”, “1、3、5分钟”: metric evidence, not a slogan
        if HONOUR_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()) or HONOUR_AFTER_RE.match(text, m.end()):
            continue  # an honour title: 获评“全国最美基层民警”, “……示范市”称号
        if len(inner) >= 3 and inner.endswith(("节", "纪念日")):
            continue  # a holiday: “中国人民警察节”
        han = len(re.findall(rf"[{HAN}]", inner))
        score = 0.6
        if re.search(rf"[{CN_NUM}](?:个|大|项|条)", inner) or PAIRED_RE.search(inner):
            score = 0.85
        elif "、" in inner or "，" in inner or "," in inner:
            score = 0.8
        elif han in (4, 8):
            score = 0.7
        elif han <= 2:
            score = 0.45
        elif han == 3:
            score = 0.5
        reason = f"quoted phrase {m.group(0)}"
        if CAMPAIGN_AFTER_RE.match(text, m.end()):
            score = max(score, 0.8)  # “雷暴”专项行动, “双禁”工作, “放管服”改革: a named campaign or policy
        elif _single_word(inner) and not re.search(f"[{CN_NUM}]", inner):
            # One quoted word (“火箭”, “团队”) is emphasis or irony unless something says it is a set
            # phrase: the lexicon (added below), a number-formula shape, quotation across articles, or
            # other names quoted beside it.
            if inner in repeated:
                reason += ", quoted in other articles too"
            elif _listed(quotations, i, text):
                reason += ", listed with other quoted names"
            else:
                continue
        out.append((m.start(), m.end(), score, reason))
    for m in NUMERIC_CODE_RE.finditer(text):
        out.append((m.start(), m.end(), 0.6, f"numbered programme {m.group(0)}"))
    return out


def _numbered(text: str) -> list[tuple[int, int, float, str]]:
    out = [(m.start(), m.end(), 0.75, f"numbered formula {m.group(0)}") for m in NUMBERED_BIG_RE.finditer(text)]
    out += [(m.start("f"), m.end("f"), 0.65, f"numbered formula {m.group('f')}") for m in NUMBERED_GE_RE.finditer(text)]
    sessions = [m.span() for m in SESSION_RE.finditer(text)]
    for m in PAIRED_RE.finditer(text):
        s = m.group(0)
        if any(s.startswith(stop) or stop in s for stop in PAIRED_STOP):
            continue
        if any(a < m.end() and m.start() < b for a, b in sessions):
            continue
        numerals = [ch for ch in s[::2] if ch in CN_NUM]
        if len(numerals) < 2 or set(numerals) == {"一"}:
            continue  # 一室一厅, 一点一滴: everyday phrases (known ones such as 一村一警 are in the lexicon)
        out.append((m.start(), m.end(), 0.6, f"numbered formula {s}"))
    return out


def _common_position(items: list[str]) -> bool:
    """True when every item has the same character at some position (from the start or the end)."""
    n = min(len(x) for x in items)
    return any(len({x[i] for x in items}) == 1 or len({x[-1 - i] for x in items}) == 1 for i in range(n))


_ITEM_RE = re.compile(rf"[“”‘’]?[{HAN}]+[“”‘’]?")
_LIST_GAP_RE = re.compile(r"[、，,；;\s]+")
_ENUM_GAP_RE = re.compile(r"[、\s]+")


def _sentence_of(clauses: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]) -> list[int]:
    """For every clause, the index of the sentence it belongs to."""
    sentence_of = []
    k = 0
    for a, _b in clauses:
        while k + 1 < len(sentences) and sentences[k][1] <= a:
            k += 1
        sentence_of.append(k)
    return sentence_of


def _parallel_runs(text: str, clauses: Sequence[tuple[int, int]],
                   sentence_of: Sequence[int]) -> list[tuple[int, int, float, str, int]]:
    """Runs of clauses of equal length: 对党忠诚、服务人民、执法公正、纪律严明; 绝对忠诚、绝对纯洁、绝对可靠."""
    out = []
    i = 0
    while i + 1 < len(clauses):
        if sentence_of[i] != sentence_of[i + 1]:
            i += 1
            continue
        second = text[clauses[i + 1][0]:clauses[i + 1][1]].strip("“”‘’")
        length = len(second)
        run = None
        # A run has at least three items: the clause after the second must be as long, or longer.
        if (ITEM_MIN <= length <= ITEM_MAX and i + 2 < len(clauses) and sentence_of[i + 2] == sentence_of[i]
                and clauses[i + 2][1] - clauses[i + 2][0] >= length):
            run = _run_from(text, clauses, sentence_of, i, length)
        if run:
            out.append(run)
            i = max(run[4], i + 1)
        else:
            i += 1
    return out


def _run_from(text: str, clauses: Sequence[tuple[int, int]], sentence_of: Sequence[int], i: int,
              length: int) -> tuple[int, int, float, str, int] | None:
    """A parallel run that starts at clause ``i`` with items of ``length`` characters, or None."""
    items: list[tuple[int, int]] = []
    j = i
    while j < len(clauses) and sentence_of[j] == sentence_of[i]:
        a, b = clauses[j]
        piece = text[a:b]
        if not _ITEM_RE.fullmatch(piece):
            break
        core = piece.strip("“”‘’")
        if len(core) == length:
            items.append((a, b))
        elif not items and len(core) > length:
            items.append((b - length - (len(piece) - len(piece.rstrip("“”‘’"))), b))  # tail of the first clause
        elif items and len(core) > length:
            lead = len(piece) - len(piece.lstrip("“”‘’"))
            items.append((a, a + lead + length))  # head of the last clause: ...纪律严明总要求
            j += 1
            break
        else:
            break
        if j + 1 < len(clauses) and not _LIST_GAP_RE.fullmatch(text, b, clauses[j + 1][0]):
            j += 1
            break
        j += 1
    if len(items) < 2:
        return None
    words = [text[a:b].strip("“”‘’") for a, b in items]
    shared = _common_position(words)
    enumerated = all(_ENUM_GAP_RE.fullmatch(text, items[k][1], items[k + 1][0]) for k in range(len(items) - 1))
    if shared and len(items) >= 3:
        score = 0.8
    elif length == 4 and len(items) >= 4 and enumerated:
        score = 0.6
    else:
        return None
    start, end = items[0][0], items[-1][1]
    return (start, end, score, f"parallel run of {len(items)} × {length} characters", j)


def _couplets(text: str, clauses: Sequence[tuple[int, int]], sentence_of: Sequence[int],
              sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int, float, str]]:
    """Short sentences of two or three equal clauses: 坚持政治建警，筑牢忠诚警魂。"""
    out = []
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for clause, k in zip(clauses, sentence_of, strict=True):
        by_sentence.setdefault(k, []).append(clause)
    for k, group in by_sentence.items():
        s_start, s_end = sentences[k]
        if s_end - s_start > 26 or not 2 <= len(group) <= 3:
            continue
        pieces = [text[a:b] for a, b in group]
        if all(_COUPLET_RE.fullmatch(p) for p in pieces) and len({len(p) for p in pieces}) == 1:
            out.append((group[0][0], group[-1][1], 0.55, "couplet of equal clauses"))
    return out


_COUPLET_RE = re.compile(rf"[{HAN}]{{4,7}}")


def detect_slogans(text: str, lexicon: SloganLexicon | None = None, *,
                   sentences: list[tuple[int, int]] | None = None,
                   clauses: list[tuple[int, int]] | None = None,
                   repeated: frozenset[str] = frozenset()) -> list[Suggestion]:
    """Slogan suggestions; nested candidates merge into the outermost one.

    ``sentences`` (``sentence_spans(text)``) and ``clauses`` (``clause_spans(text)``) may be passed to
    save recomputing them. ``repeated``: single words quoted in more than one article of the corpus
    (``quoted_words``), which count as set phrases when quoted here.
    """
    if sentences is None:
        sentences = sentence_spans(text)
    if clauses is None:
        clauses = clause_spans(text)
    sentence_of = _sentence_of(clauses, sentences)
    runs = [r[:4] for r in _parallel_runs(text, clauses, sentence_of)]
    candidates = (_quoted(text, repeated) + _numbered(text) + runs
                  + _couplets(text, clauses, sentence_of, sentences))
    if lexicon is not None:
        candidates += [(s, e, 0.9, f"in the slogan lexicon: {entry}") for s, e, entry in lexicon.find(text)]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    merged: list[list[Any]] = []
    for start, end, score, reason in candidates:
        if merged and start < merged[-1][1] and end <= merged[-1][1]:
            outer = merged[-1]
            outer[2] = max(outer[2], score) if score >= 0.85 else outer[2]
            if reason not in outer[3]:
                outer[3].append(reason)
            continue
        if merged and start < merged[-1][1]:
            # Partial overlap: keep both only if they are not mostly the same span.
            prev = merged[-1]
            overlap = prev[1] - start
            if overlap >= 0.5 * min(end - start, prev[1] - prev[0]):
                prev[1] = max(prev[1], end)
                prev[2] = max(prev[2], score)
                prev[3].append(reason)
                continue
        merged.append([start, end, score, [reason]])
    out = []
    for start, end, score, reasons in merged:
        quote = text[start:end]
        out.append(Suggestion(LABEL, start, end, quote, min(0.99, score + 0.03 * (len(reasons) - 1)),
                              "; ".join(reasons[:3]), {"canonical": slogan_canonical(quote)}))
    return out
