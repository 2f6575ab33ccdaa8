"""A large made-up codebook for tests and benchmarks: 300 codes on 4 levels, Chinese names, keys, fields."""

from __future__ import annotations

import random

from jingtui.codebook import Code, Codebook, DocumentVariable, FieldSpec
from jingtui.codebook.edit import render_codebook


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        chars = []
        for _ in range(rng.choice((2, 2, 2, 3, 4))):
            hi, lo = rng.randint(0xB0, 0xD7), rng.randint(0xA1, 0xFE)
            if hi == 0xD7 and lo > 0xF9:
                lo = 0xF9
            chars.append(bytes((hi, lo)).decode("gb2312"))
        name = "".join(chars)
        if name not in used:
            used.add(name)
            return name


def large_codebook(total: int = 300, seed: int = 14) -> Codebook:
    """``total`` codes: 5 at the top, 5 under each, 4 under each of those, the rest on the fourth level."""
    rng = random.Random(seed)
    used: set[str] = set()
    codes: list[Code] = []
    keys = iter("123456789")

    def add(parent: str | None) -> str:
        code_id = f"c{len(codes):03d}"
        with_fields = len(codes) % 7 == 0
        fields = (FieldSpec("value", "数值", "number"), FieldSpec("unit", "单位", "text")) if with_fields else ()
        codes.append(Code(code_id, _name(rng, used), parent=parent, key=next(keys, None),
                          colour=f"#{rng.randrange(0x1000000):06x}", definition=f"定义{len(codes)}", fields=fields))
        return code_id

    tops = [add(None) for _ in range(5)]
    seconds = [add(t) for t in tops for _ in range(5)]
    thirds = [add(s) for s in seconds for _ in range(4)]
    while len(codes) < total:
        add(thirds[(len(codes) * 7) % len(thirds)])
    variables = (DocumentVariable("genre", "体裁", "choice", ("消息", "评论", "通讯")),
                 DocumentVariable("level", "级别", "choice", ("中央", "省", "市", "县")))
    return Codebook(tuple(codes[:total]), variables)


def large_codebook_text(total: int = 300) -> str:
    return render_codebook(large_codebook(total))
