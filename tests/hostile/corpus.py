"""The hostile corpus: every kind of input a hostile or careless user gave jixiao (issue 10), generated.

Each ``Case`` writes its files into a folder and names the path to give the command line. ``unusable``
says what the run must end with: True — exit 2 and a Chinese message naming the file; None — any of
0 / 1 / 2, as long as it ends in time without a traceback (a wrong type in one field may be a finding or
a refusal, both are fine).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEAD = '[evaluation]\nkind = "project"\nyear = 2023\nname = "测试项目"\n'
FUNDS = "[funds]\nweight = 10\ninitial = 100\nannual = 100\nexecuted = 90\n"
ROW = (
    '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "设备采购数量"\n'
    'target = "≥90%"\nactual = "95%"\nweight = 90\n'
)
REVIEW = '[[reviews]]\nname = "资金使用合规性"\nweight = 5\nscore = 5\n'
VALID = HEAD + FUNDS + ROW

TABLE_HEADER = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason\n"
TABLE_ROW = "e1,project,项目,2023,产出指标,数量指标,台数,10台,10台,100,\n"

Builder = Callable[[Path], Path]


@dataclass
class Case:
    name: str
    build: Builder
    unusable: bool | None = None
    kind: str = "file"  # "file" | "table" | "special"
    tags: set[str] = field(default_factory=set)


def _text(name: str, text: str, suffix: str = ".toml") -> Builder:
    def build(folder: Path) -> Path:
        path = folder / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        return path

    return build


def _bytes(name: str, data: bytes, suffix: str = ".toml") -> Builder:
    def build(folder: Path) -> Path:
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        return path

    return build


# --- broken syntax ----------------------------------------------------------------------------------------

SYNTAX = {
    "unclosed_quote": HEAD.replace('"测试项目"', '"测试项目'),
    "unclosed_table": HEAD.replace("[evaluation]", "[evaluation"),
    "unclosed_array": VALID + 'bands = [{ upto = "0%", score = 90 }\n',
    "unclosed_inline": VALID + 'deduct = { from = "0", per = "1"\n',
    "unclosed_multiline": HEAD + 'source = """\n没有结束\n',
    "missing_equals": HEAD + "authority 某局\n",
    "bare_word_value": HEAD + "authority = 某局\n",
    "full_width_equals": HEAD + 'authority ＝ "某局"\n',
    "chinese_quotes": HEAD + "authority = “某局”\n",
    "duplicate_key": HEAD + 'name = "又一次"\n',
    "duplicate_table": VALID + "[evaluation]\n",
    "bad_escape": HEAD + 'authority = "C:\\局"\n',
    "bad_unicode_escape": HEAD + 'authority = "\\uZZZZ"\n',
    "surrogate_escape": HEAD + 'authority = "\\ud800"\n',
    "table_in_array_clash": VALID + "[indicators]\n",
    "key_without_value": HEAD + "authority =\n",
    "only_brackets": "[[[[\n",
    "header_with_spaces_only": "[   ]\n",
    "comma_separated": HEAD + 'authority = "a", implementer = "b"\n',
    "leading_dot_key": HEAD + '.authority = "a"\n',
    "trailing_comma_inline": HEAD + "[rules]\nqualitative_bands = { 达成 = [0.8, 1], }\n",
    "bad_date": HEAD + "authority = 2023-13-45\n",
    "tab_in_key": HEAD + 'auth\tority = "a"\n',
    "nul_byte": HEAD + 'authority = "a\x00b"\n',
    "control_raw": HEAD + 'authority = "a\x1bb"\n',
    "redos_bare_line": HEAD + "[" + " " * 3000 + "x\n",
    "huge_syntax_line": HEAD + "x = " + "很" * 200_000 + "\n",
    "json_instead": '{"evaluation": {"kind": "project"}}\n',
    "yaml_instead": "evaluation:\n  kind: project\n  year: 2023\n",
    "ini_instead": "[evaluation]\nkind: project\n",
}

# --- wrong types and values, field by field ---------------------------------------------------------------

WRONG = ["true", "[1]", "{ a = 1 }", "1979-05-27", '"文字"', "-5", "1e400", "nan", "9" * 20, "0.1234567"]
FIELDS: dict[str, tuple[str, str]] = {
    # name: (the section text with {v} where the value goes, the key)
    "kind": (HEAD.replace('kind = "project"', "kind = {v}") + ROW, "kind"),
    "year": (HEAD.replace("year = 2023", "year = {v}") + ROW, "year"),
    "name": (HEAD.replace('name = "测试项目"', "name = {v}") + ROW, "name"),
    "authority": (HEAD + "authority = {v}\n" + ROW, "authority"),
    "set": (HEAD + "set = {v}\n" + ROW, "set"),
    "reported_total": (HEAD + "reported_total = {v}\n" + ROW, "reported_total"),
    "funds_weight": (HEAD + FUNDS.replace("weight = 10", "weight = {v}") + ROW, "weight"),
    "funds_annual": (HEAD + FUNDS.replace("annual = 100", "annual = {v}") + ROW, "annual"),
    "funds_executed": (HEAD + FUNDS.replace("executed = 90", "executed = {v}") + ROW, "executed"),
    "funds_reported_rate": (HEAD + FUNDS + "reported_rate = {v}\n" + ROW, "reported_rate"),
    "funds_sources": (HEAD + FUNDS + "sources = {v}\n" + ROW, "sources"),
    "level1": (HEAD + ROW.replace('level1 = "产出指标"', "level1 = {v}"), "level1"),
    "target": (HEAD + ROW.replace('target = "≥90%"', "target = {v}"), "target"),
    "actual": (HEAD + ROW.replace('actual = "95%"', "actual = {v}"), "actual"),
    "weight": (HEAD + ROW.replace("weight = 90", "weight = {v}"), "weight"),
    "rule": (HEAD + ROW + "rule = {v}\n", "rule"),
    "tier": (HEAD + ROW + "tier = {v}\n", "tier"),
    "score": (HEAD + ROW + 'rule = "manual"\nscore = {v}\n', "score"),
    "applicable": (HEAD + ROW + "applicable = {v}\n", "applicable"),
    "bands": (HEAD + ROW + "bands = {v}\n", "bands"),
    "deduct": (HEAD + ROW + "deduct = {v}\n", "deduct"),
    "review_score": (HEAD + ROW + REVIEW.replace("score = 5", "score = {v}"), "score"),
    "rules_late": (HEAD + ROW + "[rules]\nlate = {v}\n", "late"),
    "rules_bands": (HEAD + ROW + "[rules]\nqualitative_bands = {v}\n", "qualitative_bands"),
    "rules_grades": (HEAD + ROW + "[rules]\ngrades = {v}\n", "grades"),
    "indicators": (HEAD + "indicators = {v}\n", "indicators"),
}

# --- encodings --------------------------------------------------------------------------------------------

ENCODINGS: dict[str, tuple[bytes, bool | None]] = {
    "utf16_le_bom": (VALID.encode("utf-16"), True),
    "utf16_be": (VALID.encode("utf-16-be"), True),
    "utf16_le": (VALID.encode("utf-16-le"), True),
    "utf32": (VALID.encode("utf-32"), True),
    "gbk": (VALID.encode("gbk"), True),
    "latin1_bytes": (VALID.encode("utf-8").replace("测试".encode(), b"\xe9\xe8"), True),
    "double_bom": (b"\xef\xbb\xbf\xef\xbb\xbf" + VALID.encode(), None),
    "bom_comment": (b"\xef\xbb\xbf# \xe6\xb3\xa8\n" + VALID.encode(), None),
    "cr_only": (VALID.replace("\n", "\r").encode(), None),
    "cr_cr_lf": (VALID.replace("\n", "\r\r\n").encode(), None),
    "crlf": (VALID.replace("\n", "\r\n").encode(), None),
    "truncated_utf8": (VALID.encode()[:-2] + "项".encode()[:2], True),
    "binary_garbage": (bytes(range(256)) * 4, True),
    "empty": (b"", True),
    "whitespace_only": (b"  \n\t\n", True),
    "comments_only": ("# 只有注释\n# 没有内容\n".encode(), True),
}

# --- nesting and huge values ------------------------------------------------------------------------------

NESTED = {
    "nested_100": (HEAD + "source = " + "[" * 100 + "]" * 100 + "\n", True),
    "nested_1000": (HEAD + "source = " + "[" * 1000 + "]" * 1000 + "\n", True),
    "nested_5000": (HEAD + "source = " + "[" * 5000 + "]" * 5000 + "\n", True),
    "nested_inline_500": (HEAD + "source = " + "{a=" * 500 + "1" + "}" * 500 + "\n", True),
    "nested_actual_300": (HEAD + ROW.replace('"95%"', "[" * 300 + "]" * 300), True),
}

HUGE = {
    "huge_name_1mb": (HEAD.replace("测试项目", "项" * 350_000) + ROW, None),
    "huge_actual": (HEAD + ROW.replace('"95%"', '"' + "9" * 100_000 + '%"'), None),
    "huge_number": (HEAD + ROW.replace("weight = 90", "weight = " + "9" * 5000), None),
    "huge_float": (HEAD + ROW.replace("weight = 90", "weight = 1e308"), None),
    "many_decimals": (HEAD + ROW.replace("weight = 90", "weight = 0." + "1" * 500), None),
    "many_rows": (HEAD + ROW.replace("weight = 90", "weight = 0.2") * 500, None),
    "many_keys": (HEAD + "".join(f"k{i} = {i}\n" for i in range(20_000)), True),
    "long_target_numbers": (HEAD + ROW.replace('"≥90%"', '"' + "≥1、" * 20_000 + '"'), None),
    "redos_in_string": (HEAD + 'source = """\n' + ("[" + " " * 3000 + "x\n") * 6 + '"""\n' + ROW, None),
    "over_limit_25mb": (HEAD + "# " + "填" * (25 * 1024 * 1024 // 3) + "\n", True),
}

# --- control and bidi characters --------------------------------------------------------------------------

HIDDEN = {
    "escape_in_name": HEAD.replace("测试项目", "项目\\u001b]0;标题\\u0007\\u001b[2J") + ROW,
    "rlo_in_actual": HEAD + ROW.replace('"95%"', '"\u202e%09"'),
    "rlo_escaped_in_actual": HEAD + ROW.replace('"95%"', '"\\u202e%59"'),
    "bidi_isolates": HEAD + ROW.replace("设备采购数量", "设备\u2067采购\u2069数量"),
    "zero_width_in_number": HEAD + ROW.replace('"95%"', '"9\u200b5%"'),
    "vertical_tab_reason": HEAD + ROW + 'reason = "从Word\\u000b粘贴\\u0007"\n',
    "nul_escape": HEAD + ROW + 'reason = "a\\u0000b"\n',
    "c1_controls": HEAD.replace("测试项目", "项目\\u009b31m") + ROW,
    "newlines_in_name": HEAD.replace("测试项目", "项目\\n- 注入\\n# 标题") + ROW,
    "markup_in_texts": HEAD.replace("测试项目", "目标[/]X[@click=app.quit]<script>") + ROW,
    "formula_texts": HEAD.replace("测试项目", '=HYPERLINK(\\"http://x\\",\\"点\\")')
    + ROW.replace("设备采购数量", "@SUM(1+1)*cmd|' /C calc'!A0"),
    "md_links": HEAD + ROW + 'reason = "[点我](javascript:alert(1)) ![](http://beacon.example/x.png)"\n',
}

# --- structure --------------------------------------------------------------------------------------------

STRUCTURE: dict[str, tuple[str, bool | None]] = {
    "no_evaluation": (ROW, True),
    "set_not_evaluation": ('[set]\nid = "x"\ntitle = "模板"\nkind = "project"\nsource = "s"\n', True),
    "no_indicators": (HEAD, None),
    "unknown_top_key": (VALID + "[extra]\na = 1\n", True),
    "unknown_row_key": (VALID + "wieght = 1\n", True),
    "evaluation_is_array": ('[[evaluation]]\nkind = "project"\n', True),
    "indicators_is_table": (HEAD + '[indicators]\nlevel1 = "a"\n', True),
    "weights_zero": (HEAD + ROW.replace("weight = 90", "weight = 0"), None),
    "weights_over": (HEAD + ROW.replace("weight = 90", "weight = 1000") * 3, None),
    "funds_zero_annual": (HEAD + FUNDS.replace("annual = 100", "annual = 0") + ROW, None),
    "review_50_of_5": (HEAD + ROW + REVIEW.replace("score = 5", "score = 50"), None),
    "set_passwd": (HEAD + 'set = "../../../../etc/passwd"\n' + ROW, None),
    "set_self": (HEAD + 'set = "self.toml"\n' + ROW, None),
    "set_missing": (HEAD + 'set = "no-such-set"\n' + ROW, None),
    "set_dev_zero": (HEAD + 'set = "/dev/zero.toml"\n' + ROW, None),
}

# --- long tables ------------------------------------------------------------------------------------------

TABLES: dict[str, tuple[str | bytes, bool | None]] = {
    "t_valid": (TABLE_HEADER + TABLE_ROW, None),
    "t_blank_id": (TABLE_HEADER + TABLE_ROW.replace("e1,", ",", 1), None),
    "t_blank_name": (TABLE_HEADER + TABLE_ROW.replace(",项目,", ",,"), None),
    "t_blank_kind": (TABLE_HEADER + TABLE_ROW.replace(",project,", ",,"), None),
    "t_blank_year": (TABLE_HEADER + TABLE_ROW.replace(",2023,", ",,"), None),
    "t_unclosed_quote": (TABLE_HEADER + TABLE_ROW.replace("项目", '"项目'), True),
    "t_more_fields": (TABLE_HEADER + TABLE_ROW.rstrip("\n") + "原因,多出\n", True),
    "t_fewer_fields": (TABLE_HEADER + "e1,project\n", None),
    "t_header_only": (TABLE_HEADER, True),
    "t_empty": ("", True),
    "t_missing_columns": ("evaluation_id,kind\ne1,project\n", True),
    "t_unknown_column": (TABLE_HEADER.rstrip("\n") + ",wieght\n" + TABLE_ROW.rstrip("\n") + ",1\n", True),
    "t_gbk": ((TABLE_HEADER + TABLE_ROW).encode("gbk"), True),
    "t_utf16": ((TABLE_HEADER + TABLE_ROW).encode("utf-16"), True),
    "t_cr_cr_lf": ((TABLE_HEADER + TABLE_ROW).replace("\n", "\r\r\n"), None),
    "t_formula_cells": (TABLE_HEADER + TABLE_ROW.replace("台数", "=cmd|' /C calc'!A0"), None),
    "t_control_cells": (TABLE_HEADER + TABLE_ROW.replace("项目", "项目\x1b[2J\u202e"), None),
    "t_text_numbers": (TABLE_HEADER + TABLE_ROW.replace(",100,", ",一百,"), None),
    "t_huge_weight": (TABLE_HEADER + TABLE_ROW.replace(",100,", "," + "9" * 300 + ","), None),
    "t_binary": (bytes(range(256)) * 8, True),
}


def _special(name: str, make: Callable[[Path], None], suffix: str = ".toml") -> Builder:
    def build(folder: Path) -> Path:
        path = folder / f"{name}{suffix}"
        make(path)
        return path

    return build


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


SPECIAL: dict[str, Builder] = {
    "fifo": _special("fifo", os.mkfifo),
    "fifo_table": _special("fifo_table", os.mkfifo, ".csv"),
    "dev_zero_link": _special("zero", lambda p: p.symlink_to("/dev/zero")),
    "dev_null_link": _special("null", lambda p: p.symlink_to("/dev/null")),
    "dev_zero_table": _special("zero_table", lambda p: p.symlink_to("/dev/zero"), ".csv"),
    "folder_named_toml": _special("folder", lambda p: p.mkdir()),
    "dangling_link": _special("dangling", lambda p: p.symlink_to("no-such-file.toml")),
    "link_loop": _special("loop", _loop),
}


def cases() -> list[Case]:
    found: list[Case] = []
    found += [Case(f"syntax_{n}", _text(f"syntax_{n}", t), True, tags={"syntax"}) for n, t in SYNTAX.items()]
    for index, (name, (template, _)) in enumerate(FIELDS.items()):
        # every field gets the four wrong kinds of value, and one of the odd numbers in turn
        values = [*WRONG[:4], WRONG[4 + index % (len(WRONG) - 4)]]
        for value in values:
            label = f"type_{name}_{WRONG.index(value)}"
            found.append(Case(label, _text(label, template.replace("{v}", value)), tags={"type"}))
    found += [
        Case(f"enc_{n}", _bytes(f"enc_{n}", data), unusable, tags={"encoding"})
        for n, (data, unusable) in ENCODINGS.items()
    ]
    found += [Case(n, _text(n, t), u, tags={"nesting"}) for n, (t, u) in NESTED.items()]
    found += [
        Case(n, _text(n, t), u, tags={"huge", "long"} if n == "many_rows" else {"huge"})
        for n, (t, u) in HUGE.items()
    ]
    found += [Case(f"hidden_{n}", _text(f"hidden_{n}", t), tags={"hidden"}) for n, t in HIDDEN.items()]
    found += [Case(n, _text(n, t), u, tags={"structure"}) for n, (t, u) in STRUCTURE.items()]
    for name, (content, unusable) in TABLES.items():
        build = _bytes(name, content, ".csv") if isinstance(content, bytes) else _text(name, content, ".csv")
        found.append(Case(name, build, unusable, kind="table", tags={"table"}))
    found += [Case(n, b, True, kind="special", tags={"special"}) for n, b in SPECIAL.items()]
    return found


CASES = cases()
