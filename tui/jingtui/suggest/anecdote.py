"""Anecdote detector: sentences telling what a specific person did at a specific time or place, and
quoted words of ordinary people."""

from __future__ import annotations

import re
from collections.abc import Iterable

from jingtui.suggest.model import Suggestion
from jingtui.util.han import HAN
from jingtui.util.segment import sentence_spans

LABEL = "anecdote"
# The commonest Chinese surnames (single characters), for names after a role word or before 某/先生.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
    "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路"
    "游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_S = f"[{SURNAMES}]"
ROLES = ("民警", "辅警", "警长", "所长", "副所长", "队长", "副队长", "教导员", "接警员", "警官", "交警", "特警", "刑警",
         "巡警", "社区民警", "户籍民警", "村民", "群众", "老人", "市民", "志愿者", "司机", "店主", "医生", "护士",
         "老师", "学生", "干部", "书记", "村支书", "网格员", "调解员", "消防员", "快递员", "外卖员", "骑手", "工人",
         "大学生")
HONORIFICS = ("先生", "女士", "大爷", "大妈", "大娘", "大哥", "大姐", "阿姨", "师傅", "老汉", "奶奶", "爷爷", "同学",
              "某某", "某")
PERSON_NOUNS = ("男子", "女子", "女孩", "男孩", "老人", "老太", "老大爷", "大爷", "大妈", "市民", "群众", "村民",
                "学生", "司机", "孕妇", "小伙", "小伙子", "姑娘", "少年", "婴儿", "孩子", "妇女", "外卖员", "骑手",
                "游客", "乘客", "民警", "辅警", "女士", "男士", "老奶奶", "老爷爷", "患者", "家长", "商户", "老板")
GENERIC_ACTORS = ("办案民警", "巡逻民警", "派出所民警", "值班民警", "出警民警", "专案组民警", "专案组", "处警民警",
                  "社区民警", "交警", "特警", "消防员", "民警")
OFFICIALS = ("总书记", "书记", "市长", "副市长", "县长", "局长", "副局长", "厅长", "部长", "主任", "主席", "政委",
             "委员", "省长", "区长", "镇长", "党委", "领导")
OFFICIAL_VERBS = ("强调", "指出", "要求", "出席", "主持", "讲话", "表示", "部署", "调研", "督导", "检查", "慰问",
                  "批示", "作出", "听取", "提出", "召开", "会见", "考察")
ACTION_VERBS = ("来到", "赶到", "赶赴", "前往", "接到", "发现", "救下", "救起", "抱起", "背起", "跳入", "跳进", "冲进",
                "冲上", "拨打", "报警", "求助", "送到", "送往", "送回", "找到", "找回", "抓获", "擒获", "制服", "帮助",
                "接待", "走访", "看望", "坚守", "护送", "劝说", "安抚", "询问", "办理", "捐", "拿出", "掏出", "递给",
                "握住", "拉住", "扶起", "搀扶", "跪", "哭", "说", "喊", "点赞", "送来", "感谢", "忙活", "不见", "丢失",
                "走失", "迷路", "落水", "被困", "跳楼", "打电话", "守候", "蹲守", "追踪", "追赶", "奔跑", "一网打尽",
                "回家", "救", "接", "扑", "抓", "追", "背", "抱", "拦", "递", "敲", "发现了", "遇到", "碰到", "收到",
                "赶来", "出走", "度过", "结婚", "出生", "去世", "牺牲", "受伤", "倒下", "晕倒", "报案", "被骗", "转账",
                "驾驶", "酒驾", "被查", "被抓", "盗窃", "偷", "抢", "砸")
TIME_RE = re.compile(
    r"(?=[\d去今前当那凌深清傍中早晚半午日不春])"
    r"(?:\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:去年|今年|前年)\s*\d{1,2}\s*月|\d{4}\s*年\s*\d{1,2}\s*月"
    r"|当天|当晚|当日|那天|那晚|那一天|凌晨|深夜|清晨|傍晚|中午|早上|晚上|半夜|午夜|日前|前不久|不久前|春节期间"
    r"|[早晚]\s*\d{1,2}\s*点|\d{1,2}\s*[点时]\s*\d{0,2}\s*分?许?)"
)
# A place name: a suffix such as 村, 县, 派出所 right after Han text (the name itself is not delimited).
PLACE_RE = re.compile(
    rf"(?<=[{HAN}])(?:村|镇|乡|县|区|街道|社区|小区|路|街|巷|大道|派出所|公安局|医院|学校|车站|火车站|机场|码头|"
    rf"商场|超市|酒店|宾馆|家中|水库|高速|服务区|现场|河边|江边|湖边|山上|楼顶|公园|广场)"
)
PLACE_VERB_RE = re.compile(rf"(?:来到|前往|赶到|赶赴|到达|抵达|赶往|奔赴)[{HAN}]{{2,8}}")


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


NAMED_RE = re.compile(
    rf"(?:{_alt(ROLES)}){_S}[{HAN}]{{1,2}}"  # 辅警彭丽丽, 警长刘敏
    rf"|(?<![{HAN}]){_S}(?:{_alt(HONORIFICS)})"  # 霍先生, 张某
    rf"|{_S}(?:{_alt(HONORIFICS)})(?=[，,。的说来到在])"
    rf"|[{HAN}]{{0,3}}{_S}(?:大哥|大姐|大爷|大妈|阿姨|师傅|先生|女士)"  # 樊大哥
)
DETERMINED_RE = re.compile(rf"(?<!每)(?:一|两|几|该)(?:名|位|个|对)(?:{_alt(PERSON_NOUNS)})")
GENERIC_RE = re.compile(_alt(GENERIC_ACTORS))
PRONOUN_RE = re.compile(r"[他她](?!们)")
OFFICIAL_RE = re.compile(_alt(OFFICIALS))
OFFICIAL_VERB_RE = re.compile(_alt(OFFICIAL_VERBS))
ACTION_RE = re.compile(_alt(ACTION_VERBS))
OFFICIAL_SAYS_RE = re.compile(rf"(?:{_alt(OFFICIALS)}){_S}[{HAN}]{{1,2}}(?:说|表示|介绍|认为)")
SPEECH_RE = re.compile(r"“([^“”]{6,200})”|「([^「」]{6,200})」")
FIRST_PERSON_RE = re.compile(r"[我咱您你]")
MAX_SENTENCE = 200


def _score_sentence(sentence: str) -> tuple[float, str]:
    action = ACTION_RE.search(sentence)
    if action is None:
        return 0.0, ""  # every kind of anecdote needs something done
    named = NAMED_RE.search(sentence)
    determined = DETERMINED_RE.search(sentence)
    generic = GENERIC_RE.search(sentence)
    pronoun = PRONOUN_RE.search(sentence)
    time = TIME_RE.search(sentence)
    place = PLACE_RE.search(sentence) or PLACE_VERB_RE.search(sentence)
    official = OFFICIAL_RE.search(sentence)
    if official and (OFFICIAL_VERB_RE.search(sentence) or OFFICIAL_SAYS_RE.search(sentence)):
        return 0.0, ""  # an official at a meeting or inspection, or stating policy: not a story
    where = "; ".join(x for x in (
        f"time {time.group(0)}" if time else "",
        f"place {sentence[max(0, place.start() - 3):place.end()]}" if place else "",
        f"action {action.group(0)}" if action else "",
    ) if x)
    if named and action:
        score = 0.8 if (time or place) else 0.55
        return score, f"named person {named.group(0)}; {where}"
    if determined and action and (time or place):
        return 0.7, f"a particular person {determined.group(0)}; {where}"
    if generic and action and (time or PLACE_RE.search(sentence)) and place:
        return 0.45, f"police at work {generic.group(0)}; {where}"
    if pronoun and action and time:
        return 0.45, f"person {pronoun.group(0)}; {where}"
    return 0.0, ""


def _speech(text: str, start: int, end: int) -> list[tuple[int, int, float, str]]:
    """Quoted words of ordinary people inside one sentence: an utterance (with a comma or a sentence
    end) not attributed to an official in the words around it."""
    sentence = text[start:end]
    out = []
    for m in SPEECH_RE.finditer(sentence):
        inner = m.group(1) or m.group(2)
        if not (FIRST_PERSON_RE.search(inner) and re.search(r"[，,。！？!?]", inner)) \
                and not re.search(r"[。！？!?]$", inner):
            continue  # a set phrase, not an utterance
        line_start = text.rfind("\n", 0, start + m.start()) + 1
        line_end = text.find("\n", start + m.end())
        line_end = len(text) if line_end < 0 else line_end
        around = text[max(line_start, start + m.start() - 30):start + m.start()] + \
            text[start + m.end():min(line_end, start + m.end() + 30)]
        if OFFICIAL_RE.search(around):
            continue  # an official's words
        score = 0.65 if FIRST_PERSON_RE.search(inner) else 0.5
        out.append((start + m.start(), start + m.end(), score, "quoted words of a person"))
    return out


def detect_anecdotes(text: str, *, sentences: list[tuple[int, int]] | None = None) -> list[Suggestion]:
    """One suggestion per anecdote sentence and per quotation of ordinary speech (no overlaps).

    ``sentences`` (``sentence_spans(text)``) may be passed to save recomputing them.
    """
    found: list[tuple[int, int, float, str]] = []
    for start, end in (sentence_spans(text) if sentences is None else sentences):
        sentence = text[start:end]
        speech = _speech(text, start, end)
        if speech:
            found.extend(speech)
            covered = sum(e - s for s, e, _, _ in speech)
            if covered >= 0.6 * (end - start):
                continue
        if len(sentence) > MAX_SENTENCE or len(sentence) < 8:
            continue
        score, reason = _score_sentence(sentence)
        if score > 0:
            found.append((start, end, score, reason))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[Suggestion] = []
    for start, end, score, reason in found:
        if out and start < out[-1].end:
            continue
        out.append(Suggestion(LABEL, start, end, text[start:end], score, reason, {}))
    return out
