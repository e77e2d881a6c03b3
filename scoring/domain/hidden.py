"""Characters that hide or disguise text: control characters, bidirectional controls, zero-width marks.

Text pasted from Word brings ``\\x0b`` (a line break) and ``\\x07``; a hostile file brings terminal escapes
(``\\x1b[2J``) or a right-to-left override that shows "%09" as "90%". Defined once here and used for what
is printed to a terminal (``terminal_safe``), for export file names and for XML-based exports
(``xml_safe``), and for the finding that names them (``hidden_in``).
"""

from __future__ import annotations

import re

BIDI = {
    "\u061c": "阿拉伯字母标记",
    "\u200e": "从左至右标记",
    "\u200f": "从右至左标记",
    "\u202a": "从左至右嵌入",
    "\u202b": "从右至左嵌入",
    "\u202c": "方向格式结束",
    "\u202d": "从左至右覆盖",
    "\u202e": "从右至左覆盖",
    "\u2066": "从左至右隔离",
    "\u2067": "从右至左隔离",
    "\u2068": "首字符强方向隔离",
    "\u2069": "方向隔离结束",
}
"""Bidirectional controls: they change the order text is shown in, not the order it is read in."""

ZERO_WIDTH = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）",
}
"""Invisible marks: "9\u200b5%" looks like "95%"."""

CONTROL_CLASS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
"""C0 (tab, line feed and carriage return excepted), DEL and C1 controls, as a character class (also used
by polars). A carriage return is a line end's, except where it stands alone on a terminal."""
BIDI_CLASS = "".join(f"\\u{ord(ch):04x}" for ch in BIDI)
ZERO_WIDTH_CLASS = "".join(f"\\u{ord(ch):04x}" for ch in ZERO_WIDTH)
HIDDEN_PATTERN = f"[{CONTROL_CLASS}{BIDI_CLASS}{ZERO_WIDTH_CLASS}]"
"""Any character ``hidden_in`` names (a regular expression, for the long tables' cell checks)."""
DECEIVING_PATTERN = f"[{BIDI_CLASS}]"
"""Characters that show text in another order than it is read: an error, not a warning."""

HIDDEN_ADVICE = {
    "bidi": "屏幕上显示的顺序与实际读取的不同（按显示的内容核对不出），请删除该字符后重新填写",
    "control": "控制字符多为从 Word 粘贴带入；屏幕上显示为转义，导出 xlsx/docx 时删除（垂直制表符换为换行），"
    "请在文件中删除",
    "zero": "看不见却是内容的一部分（读取数值时忽略），请删除",
}
"""What the hidden_chars finding advises, by the worst kind of character found."""

_HIDDEN = re.compile(HIDDEN_PATTERN)
_ESCAPE = re.compile(r"\\[uUbf]")


def may_hide(text: str) -> bool:
    """Whether a TOML text (or a model's JSON) may hold a hidden character: one written as such, or an
    escape (\\u001b, \\b …); a file without any is not searched value by value. Two searches, not one
    alternation: each keeps the regex engine's fast scan (2.5× quicker on a file of 30 rows)."""
    return bool(_HIDDEN.search(text) or _ESCAPE.search(text))


_TERMINAL = re.compile(f"[{CONTROL_CLASS}{BIDI_CLASS}]|\\r(?!\\n)")  # CRLF (csv's line end) is harmless
_XML_ILLEGAL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff\\ud800-\\udfff]")
_CONTROL = re.compile(f"[{CONTROL_CLASS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidirectional character shown as an escape (``\\x1b``, ``\\u202e``),
    so nothing printed can move the cursor, clear the screen, retitle the window or reverse a line; line
    feeds, tabs and CRLF line ends are kept."""
    return _TERMINAL.sub(_escape, text) if _TERMINAL.search(text) else text


def xml_safe(text: str) -> str:
    """``text`` as XML 1.0 allows it (xlsx and docx): a vertical tab or form feed (Word's manual line and
    page breaks) becomes a line feed, other forbidden characters are dropped."""
    if not _XML_ILLEGAL.search(text):
        return text
    return _XML_ILLEGAL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def strip_hidden(text: str) -> str:
    """``text`` without any control, bidirectional or zero-width character (for reading numbers and for
    file names)."""
    return _HIDDEN.sub("", text) if _HIDDEN.search(text) else text


def hidden_in(text: str) -> list[str]:
    """Each kind of hidden character in ``text``, named (e.g. "U+202E（从右至左覆盖）"), in order of first
    appearance; empty for ordinary text."""
    if not _HIDDEN.search(text):
        return []
    names: list[str] = []
    for ch in dict.fromkeys(_HIDDEN.findall(text)):
        label = BIDI.get(ch) or ZERO_WIDTH.get(ch) or "控制字符"
        names.append(f"U+{ord(ch):04X}（{label}）")
    return names


def deceiving(text: str) -> bool:
    """Whether ``text`` holds a bidirectional control (shown in another order than it is read)."""
    return any(ch in BIDI for ch in text)


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None
