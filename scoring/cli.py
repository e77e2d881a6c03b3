"""The ``jixiao`` command (docs/commands.md). Messages are Chinese, flags English; exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

# jixiao runs no pydantic plugins: looking for them reads the entry points of every installed package as the
# first model is built (~4 ms of each start-up). Said before the models load; a value the user set is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
# The imports below build the models: objects that live as long as the process. The cycle collector is off
# while they load, and what they made is then frozen out of its sight (its passes over them free nothing
# and cost ~8 ms of each start-up).
_COLLECTING = gc.isenabled()
gc.disable()

from scoring import api  # noqa: E402
from scoring.domain.errors import InputError, os_reason  # noqa: E402
from scoring.domain.hidden import terminal_safe  # noqa: E402
from scoring.domain.numbers import fmt_plain  # noqa: E402
from scoring.domain.vocabulary import (  # noqa: E402
    GROUP_KEYS,
    KIND_SHORT,
    NO_FINDINGS,
    ORIENTATION_WORDS,
    ORIENTATIONS,
    SEVERITY,
    SORT_KEYS,
)

gc.freeze()
if _COLLECTING:
    gc.enable()

if TYPE_CHECKING:
    from collections.abc import Iterator

    import polars as pl

    from scoring.domain.results import EvaluationResult
    from scoring.render.report import Report

EXAMPLES = """示例：
  jixiao score examples/beiguan-2023/project-equipment.toml
  jixiao import 2024自评表.xlsx -o 2024.toml      （读取 Excel/WPS/Word/PDF 中的自评表、绩效目标表）
  jixiao check 各单位自评表/                      （文件夹中的 .toml、.xlsx、.xls、.docx、.pdf 一并复核）
  jixiao score examples/ --detail
  jixiao score examples/ --group-by 主管部门 --sort 总分
  jixiao score examples/ -o 自评表.xlsx            （格式由扩展名推断：xlsx/docx/html/md/csv/json）
  jixiao score examples/ --format docx -o 导出/     （文件夹：每个自评一个文件）
  jixiao score examples/ -o 复核.docx --findings    （另附问题清单、来源文件）
  jixiao check examples/beiguan-2023/ --strict
  jixiao report examples/beiguan-2023/ --format docx -o 情况说明.docx
  jixiao new --set henan-project -o 我的项目.toml
"""

REPORT_FORMATS = ("text", "md", "docx")


class Help(argparse.RawDescriptionHelpFormatter):
    """argparse's help with its own words in Chinese (用法, the help option)."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (
        r"^argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)$",
        r"无效的命令或取值“\2”；可选：\3",
    ),
    (r"^argument (\S+): expected one argument$", r"参数 \1 需要一个值"),
    (r"^argument (\S+): expected at least one argument$", r"参数 \1 需要至少一个值"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"参数 \1 不能与 \2 同时使用"),
    (r"^argument (\S+): invalid (\S+) value: (.*)$", r"参数 \1 的值 \3 无效"),
    (r"^argument (\S+): (.*)$", r"参数 \1：\2"),
    (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"^one of the arguments (.*) is required$", r"须给出以下参数之一：\1"),
    (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"选项 \1 不明确，可能是：\2"),
)
"""argparse's usage errors (English, from the standard library) said in Chinese."""


def usage_error(message: str) -> str:
    for pattern, chinese in USAGE_ERRORS:
        said, count = re.subn(pattern, chinese, message)
        if count:
            return said
    return message


class Parser(argparse.ArgumentParser):
    """argparse speaking Chinese: help sections, the help option, usage errors (exit 2, no traceback)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", Help)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本说明并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2, f"{self.prog}：用法错误：{usage_error(message)}\n（运行 {self.prog} --help 查看说明和示例）\n"
        )


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="jixiao",
        description="jixiao 绩效：预算绩效自评计分、复核与填报。",
        epilog=EXAMPLES,
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=Parser)
    score = sub.add_parser(
        "score",
        help="计算得分并输出自评表",
        description="计算得分并输出自评表：一个自评输出完整自评表，多个输出汇总表（--detail 逐个输出）。",
        epilog=EXAMPLES,
    )
    score.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="自评文件（*.toml）、自评表文档（.xlsx/.xls/.ods/.docx/.pdf）或文件夹",
    )
    score.add_argument(
        "--format",
        metavar="FORMAT",
        help="输出格式：" + "|".join(api.FORMATS) + "（默认按 -o 的扩展名，否则 table）",
    )
    score.add_argument(
        "-o", "--output", metavar="OUT", help="输出文件；文件夹（已存在或以 / 结尾）则每个自评一个文件"
    )
    score.add_argument("--detail", action="store_true", help="多个自评时逐个输出完整自评表")
    _document_options(score)
    score.add_argument(
        "--findings",
        action="store_true",
        help="docx/xlsx 另附问题清单、来源文件和填报总分说明（默认只含正式表格，可直接用于决算公开）",
    )
    score.add_argument(
        "--orientation",
        metavar="方向",
        help="docx/xlsx 的纸张方向：auto（默认：A4 纵向放得下就纵向，否则横向）|portrait 纵向|landscape 横向",
    )
    score.add_argument(
        "--group-by",
        metavar="KEY",
        help="汇总按主管部门合并：主管部门（金额合计，执行率按合计计算，总分按全年预算数加权平均）",
    )
    score.add_argument(
        "--sort", metavar="KEY", help="汇总排序：总分|errors|执行率（从高到低；自评表也按此顺序输出）"
    )
    check = sub.add_parser(
        "check",
        help="校验与复核：列出全部问题",
        description=(
            "校验与复核：按文件列出全部问题（级别、代码、行、说明）。无错误退出码 0，有错误 1，无法读取 2。"
        ),
        epilog=EXAMPLES,
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")
    _document_options(check)
    report = sub.add_parser(
        "report",
        help="生成预算绩效情况说明",
        description="由部门整体支出和项目支出自评表生成预算绩效情况说明（整体绩效自评结果、项目绩效自评结果），采用计算得分。",
        epilog=(
            "示例：\n  jixiao report examples/beiguan-2023/\n"
            "  jixiao report examples/beiguan-2023/ --format docx -o 情况说明.docx\n"
        ),
    )
    report.add_argument("paths", nargs="+", metavar="PATH")
    report.add_argument("--format", metavar="FORMAT", help="text|md|docx（默认按 -o 的扩展名，否则 text）")
    report.add_argument("-o", "--output", metavar="FILE", help="输出文件（--split 时为文件夹）")
    report.add_argument(
        "--split",
        action="store_true",
        help="自评属于不同部门时，每个部门一份情况说明（-o 文件夹/，或依次输出到屏幕）",
    )
    report.add_argument(
        "--findings", action="store_true", help="附复核说明（得分为计算得分、填报总分不符之处）"
    )
    _document_options(report)
    imports = sub.add_parser(
        "import",
        help="读取 Excel/WPS/Word/PDF 中的自评表或绩效目标表，生成自评文件",
        description=(
            "读取 .xlsx、.xls、.ods、.docx、.pdf（装有 LibreOffice 时也读 .doc）中的自评表、绩效目标表，"
            "按表头识别各列，生成自评文件（*.toml）；列出读取了哪些单元格、哪些未能读取。不会改写输入文件。"
        ),
        epilog=(
            "示例：\n  jixiao import 2024自评表.xlsx -o 2024.toml\n"
            "  jixiao import 决算公开.pdf -o 导入/ --set henan-project --set henan-department\n"
            "  jixiao import 绩效目标申报表.docx -o 2024.toml --set henan-project\n"
        ),
    )
    imports.add_argument("paths", nargs="+", metavar="FILE", help="文档（.xlsx/.xls/.ods/.docx/.pdf/.doc）")
    imports.add_argument(
        "-o", "--output", metavar="OUT", help="输出文件（*.toml）；多个自评表时为文件夹（默认输出到屏幕）"
    )
    imports.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（输入文件从不覆盖）")
    _document_options(imports)
    sub.add_parser("sets", help="列出可用的指标模板", description="列出可用的指标模板（供 new --set 用）。")
    new = sub.add_parser(
        "new",
        help="由指标模板或上年自评生成待填写的自评文件",
        description="由指标模板（--set）或上年的自评文件（--from：指标、指标值与分值沿用，完成值、得分与原因清空，"
        "年度加一）生成待填写的自评文件。",
        epilog=(
            "示例：\n  jixiao new --set henan-project -o 我的项目.toml\n"
            "  jixiao new --from 2023.toml -o 2024.toml\n  jixiao tui 我的项目.toml\n"
        ),
    )
    start = new.add_mutually_exclusive_group(required=True)
    start.add_argument("--set", dest="set_id", metavar="ID", help="模板 id 或模板文件路径（见 sets）")
    start.add_argument("--from", dest="previous", metavar="FILE", help="上年的自评文件")
    new.add_argument("-o", "--output", metavar="FILE", help="输出文件（默认输出到屏幕）")
    new.add_argument("--force", action="store_true", help="覆盖已存在的输出文件（上年的自评文件从不覆盖）")
    tui = sub.add_parser("tui", help="打开终端界面", description="终端界面：逐项填写、实时计分、复核、导出。")
    tui.add_argument("file", nargs="?", metavar="FILE", help="自评文件（不填则打开文件选择）")
    return parser


def _document_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        dest="sets",
        metavar="ID",
        help="文档中自评表所用的指标模板（计分规则、分值），可分别指定项目与部门整体模板",
    )
    parser.add_argument("--year", type=int, metavar="YEAR", help="文档中的表未写年度时使用的年度")


class UsageProblem(Exception):
    """Bad usage or an unusable output path: exit 2 with this Chinese message."""


class StdoutFailed(Exception):
    """Standard output could not be written (a full disk, a closed pipe): exit 2, said once."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _say(text: str) -> None:
    """A message on stderr; control and bidirectional characters shown as escapes, never obeyed."""
    try:
        sys.stderr.write(terminal_safe(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr itself is gone: nothing left to tell
        pass


def _out(text: str) -> None:
    """Output on stdout, made as safe for a terminal as ``_say`` (raises StdoutFailed)."""
    try:
        sys.stdout.write(terminal_safe(text))
    except OSError as exc:
        raise StdoutFailed(exc) from exc


def _silence_stdout() -> None:
    """Point the process's stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except Exception:  # OSError, or a stream without a descriptor (io.UnsupportedOperation)
        pass


SUFFIX_FORMAT = {"htm": "html", "markdown": "md"}


def _pick_format(given: str | None, output: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The format asked for, or the one the output's suffix names; a suffix that names no allowed format,
    or another one than asked for, is refused (``-o a.toml`` never gets a text table)."""
    fmt = given.lower() if given else None
    if fmt is not None and fmt not in allowed:
        raise UsageProblem(f"不支持的格式“{given}”；可用的格式：{'、'.join(allowed)}")
    if not output or _is_folder(output):
        return fmt or default
    suffix = Path(output).suffix.lower().lstrip(".")
    if not suffix:
        return fmt or default
    named = default if suffix == "txt" else SUFFIX_FORMAT.get(suffix, suffix)
    if fmt is None:
        if named in allowed:
            return named
        known = "、".join(sorted({"." + _extension(f) for f in allowed}))
        raise UsageProblem(
            f"无法由扩展名“.{suffix}”确定输出格式（{output}）；可用的扩展名：{known}，或用 --format 指定格式"
        )
    if named == fmt or (suffix == "txt" and fmt not in api.BINARY):
        return fmt
    raise UsageProblem(f"输出文件 {output} 的扩展名“.{suffix}”与格式 {fmt} 不符；请改用 .{_extension(fmt)}")


def _extension(fmt: str) -> str:
    return "txt" if fmt == "text" else api.EXTENSION.get(fmt, fmt)


def _is_folder(output: str) -> bool:
    try:
        return output.endswith(("/", "\\")) or Path(output).is_dir()
    except OSError:  # a name the system refuses (too long…): not a folder; writing it says why
        return False


def _check_writable(output: str) -> None:
    try:
        _check_output(output)
    except OSError as exc:
        raise UsageProblem(f"无法写入 {output}：{os_reason(exc)}") from exc


def _check_output(output: str) -> None:
    if _is_folder(output):
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise UsageProblem(f"无法写入 {output}：已存在同名文件，不是文件夹")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageProblem(f"无法创建输出文件夹 {output}：{os_reason(exc)}") from exc
        return
    parent = Path(output).parent
    if not parent.is_dir():
        raise UsageProblem(f"无法写入 {output}：文件夹 {parent} 不存在")
    if Path(output).is_dir():
        raise UsageProblem(f"无法写入 {output}：这是一个文件夹")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _refuse_inputs(targets: list[Path], inputs: api.Inputs) -> None:
    """An output that is one of the inputs (the same file, by any name or link) is refused before anything
    is written: ``score a.toml -o a.toml`` would replace the evaluation with its table."""
    wanted = {identity: target for target in targets if (identity := _identity(target)) is not None}
    if not wanted:
        return
    for source in [*inputs.files, *inputs.tables]:
        target = wanted.get(_identity(source) or (-1, -1))
        if target is not None:
            raise UsageProblem(f"输出文件 {target} 是输入文件 {source}，不会覆盖；请换一个输出文件名")


SUMMARY_FORMATS = ("table", "md", "csv")


def _documents(args: argparse.Namespace, fmt: str) -> dict[str, Any]:
    """--findings and --orientation as export's keywords; --orientation only where there are pages."""
    if args.orientation is None:
        return {"findings": args.findings}
    orientation = ORIENTATION_WORDS.get(args.orientation, args.orientation.lower())
    if orientation not in ORIENTATIONS:
        accepted = "、".join([*ORIENTATIONS, *ORIENTATION_WORDS])
        raise UsageProblem(f"不支持的纸张方向“{args.orientation}”；可用：{accepted}")
    if fmt not in api.BINARY:
        raise UsageProblem(f"--orientation 只用于 docx、xlsx（现在的格式是 {fmt}）")
    return {"findings": args.findings, "orientation": orientation}


def _summary_keys(args: argparse.Namespace, fmt: str, summary_only: bool) -> None:
    """--group-by and --sort: known keys; a grouping only where the summary is the output."""
    if args.sort is not None and args.sort not in SORT_KEYS:
        raise UsageProblem(f"不支持的排序“{args.sort}”；可用：总分、errors、执行率")
    if args.group_by is None:
        return
    if args.group_by not in GROUP_KEYS:
        raise UsageProblem(f"不支持的分组“{args.group_by}”；可用：主管部门")
    if not summary_only:
        raise UsageProblem("--group-by 只用于汇总输出（table、md、csv，不加 --detail，-o 不是文件夹）")


def _summary(args: argparse.Namespace, fmt: str, inputs: api.Inputs) -> int | None:
    """Several evaluations without --detail: the summary, computed without building every table.

    Returns None when there turns out to be a single evaluation (its full table is printed instead),
    unless the summary is asked for by department (--group-by).
    """
    grouped = args.group_by is not None
    if inputs.count == 0 or (len(inputs.files) == 1 and not inputs.tables and not grouped):
        return None
    summary, failed = api.summarize(inputs, on_error=lambda error: _say(str(error)))
    if summary is None:
        return 2
    if summary.height <= 1 and not failed and not grouped:
        return None
    try:
        _write_summary(args, fmt, summary)
    except OSError as exc:
        _say(f"无法写入 {args.output}：{os_reason(exc)}")
        return 2
    return 2 if failed else 0


def _write_summary(args: argparse.Namespace, fmt: str, summary: pl.DataFrame) -> None:
    keys = {"sort": args.sort, "group_by": args.group_by}
    if fmt == "csv":
        data = api.summary_csv(summary, **keys)
        if args.output:
            Path(args.output).write_bytes(data)
            _say(f"已写入 {args.output}（{summary.height} 个自评）")
        else:
            _out(data.decode("utf-8").lstrip("\ufeff"))
        return
    text = api.summary_text(fmt, summary, **keys)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        _say(f"已写入 {args.output}")
    else:
        _out(text)


def _say_error(error: InputError) -> None:
    _say(str(error))


def _score(args: argparse.Namespace) -> int:
    inputs = api.gather(args.paths, year=args.year, sets=args.sets)
    to_folder = bool(args.output) and _is_folder(args.output)
    if args.output and not to_folder:
        _refuse_inputs([Path(args.output)], inputs)
    fmt = _pick_format(args.format, args.output, api.FORMATS, "table")
    if fmt in api.BINARY and not args.output:
        raise UsageProblem(f"{fmt} 是二进制文件，请用 -o 指定输出文件，如 -o 自评表.{fmt}")
    summary_only = fmt in SUMMARY_FORMATS and not args.detail and not to_folder
    documents = _documents(args, fmt)
    _summary_keys(args, fmt, summary_only)
    if args.output:
        _check_writable(args.output)
    if summary_only:
        done = _summary(args, fmt, inputs)
        if done is not None:
            return done
    if fmt == "json" and inputs.tables and not to_folder and args.sort is None:  # sorted: held whole
        return _score_json(args, inputs)
    results, failed = api.score_inputs(inputs, on_error=_say_error)
    if not results:
        _say(_nothing_found(args.paths))
        return 2
    results = api.sort_results(results, args.sort)
    status = 2 if failed else 0
    if fmt != "json" and all(r.kind == "unknown" for r in results):
        return 2  # nothing could be read: the messages above say why
    if not args.output:
        _out(api.render(fmt, results, detail=args.detail))
        return status
    if to_folder:
        targets = _folder_targets(Path(args.output), fmt, results)
        _refuse_inputs(targets, inputs)
        written = [([result], target) for result, target in zip(results, targets, strict=True)]
    else:
        written = [(results, Path(args.output))]
    for chosen, target in written:
        try:
            detail = to_folder or args.detail or fmt != "table"
            api.export(fmt, chosen, target, detail=detail, **documents)
        except OSError as exc:
            _say(f"无法写入 {exc.filename or target}：{os_reason(exc)}")
            return 2
        except Exception as exc:  # a failed export is exit 1, said plainly, never a traceback
            _say(f"导出 {fmt} 失败（{target}）：{type(exc).__name__}: {exc}")
            status = max(status, 1)
            continue
        _say(f"已写入 {target}")
    return status


def _score_json(args: argparse.Namespace, inputs: api.Inputs) -> int:
    """json with long tables among the inputs: written a batch of evaluations at a time."""
    failed = 0

    def batches() -> Iterator[list[EvaluationResult]]:
        nonlocal failed
        if inputs.files:
            found, failed = api.score_inputs(dataclasses.replace(inputs, tables=[]), on_error=_say_error)
            yield found
        for table in inputs.tables:
            try:
                yield from api.stream_table(table)
            except InputError as exc:
                failed += 1
                _say_error(exc)

    pieces = api.json_pieces(batches())
    if not args.output:
        for piece in pieces:
            _out(piece)
        return 2 if failed else 0
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            for piece in pieces:
                handle.write(piece)
    except OSError as exc:
        _say(f"无法写入 {args.output}：{os_reason(exc)}")
        return 2
    _say(f"已写入 {args.output}")
    return 2 if failed else 0


def _folder_targets(folder: Path, fmt: str, results: list[EvaluationResult]) -> list[Path]:
    """One file per evaluation in ``folder``, named for it; names made unique (case aside, as on Windows)."""
    used: set[str] = set()
    targets = []
    for index, result in enumerate(results):
        stem = api.safe_stem(result, index)
        name, n = stem, 2
        while name.casefold() in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name.casefold())
        targets.append(folder / f"{name}.{api.EXTENSION[fmt]}")
    return targets


def _check(args: argparse.Namespace) -> int:
    inputs = api.gather(args.paths, year=args.year, sets=args.sets)
    if inputs.count == 0:
        _say(_nothing_found(args.paths))
        return 2
    tally = _Tally(strict=args.strict)
    if inputs.files:
        found, failed = api.score_inputs(dataclasses.replace(inputs, tables=[]))
        tally.failed += failed
        for result in found:
            tally.add(result)
    for table in inputs.tables:  # streamed: a province's table is never held whole
        try:
            for batch in api.stream_table(table):
                for result in batch:
                    tally.add(result)
        except InputError as exc:
            tally.failed += 1
            tally.add(api.failed_result(exc))
    if tally.count == 0:
        _say(_nothing_found(args.paths))
        return 2
    tail = f"共 {tally.count} 个自评：错误 {tally.errors}，警告 {tally.warnings}"
    if args.strict:
        tail += "（--strict：警告视为错误）"
    if tally.failed:
        tail += f"；{tally.failed} 个文件无法读取"
    _out(tail + "\n")
    return 2 if tally.failed else tally.worst


class _Tally:
    """``check``'s counts, each evaluation printed as it comes."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.count = self.errors = self.warnings = self.failed = self.worst = 0

    def add(self, result: EvaluationResult) -> None:
        counted = [
            f for f in result.findings if f.severity == "error" or (self.strict and f.severity == "warning")
        ]
        if counted:
            self.worst = 1
        self.count += 1
        self.errors += result.errors
        self.warnings += result.warnings
        _out(_check_block(result))


REPORT_EXTENSION = {"text": "txt", "md": "md", "docx": "docx"}


def _nothing_found(paths: list[str]) -> str:
    return (
        f"{'、'.join(paths)}：没有找到自评文件（*.toml，含 [evaluation]）、"
        "自评表文档（.xlsx/.docx/.pdf 等）或长表（*.csv / *.parquet）"
    )


def _check_block(result: EvaluationResult) -> str:
    """One evaluation's lines in ``check``: its counts, then each finding (at its cell in a document)."""
    head = f"{result.file}（{result.name}）" if result.kind != "unknown" else result.file
    lines = [f"{head}：错误 {result.errors}，警告 {result.warnings}"]
    for f in result.findings:
        line = f"{f.cell} " if f.cell else (f"第 {f.line} 行 " if f.line else "")
        lines.append(f"  [{SEVERITY[f.severity]}] {f.code}  {line}{f.where}：{f.message}")
    if not result.findings:
        lines.append("  " + NO_FINDINGS)
    return "\n".join(lines) + "\n"


def _report(args: argparse.Namespace) -> int:
    # files, folders and long tables, as score reads them
    inputs = api.gather(args.paths, year=args.year, sets=args.sets)
    if args.output and not _is_folder(args.output):
        _refuse_inputs([Path(args.output)], inputs)
    fmt = _pick_format(args.format, args.output, REPORT_FORMATS, "text")
    folder = bool(args.output) and _is_folder(args.output)
    if fmt == "docx" and not args.output:
        where = "文件夹，如 -o 情况说明/" if args.split else "文件，如 -o 情况说明.docx"
        raise UsageProblem(f"docx 是二进制文件，请用 -o 指定输出{where}")
    if args.split and args.output and not folder:
        raise UsageProblem(
            f"--split 时 -o 应为文件夹（如 -o 情况说明/，每个部门一份），而 {args.output} 是文件"
        )
    if folder and not args.split:
        raise UsageProblem(f"report 的 -o 应为文件，而 {args.output} 是文件夹（每个部门一份请加 --split）")
    if args.output:
        _check_writable(args.output)
    found, failed = api.score_inputs(inputs, on_error=_say_error)
    usable = [r for r in found if r.kind != "unknown"]
    if not usable:
        _say("没有可用的自评文件，无法生成情况说明")
        return 2
    units = api.report_units(usable)
    if len(units) > 1 and not args.split:
        listed = "、".join(f"{unit}（{len(items)} 个自评）" for unit, items in units.items())
        _say(
            f"这些自评属于 {len(units)} 个部门：{listed}；一份情况说明只写一个部门的自评。"
            "请按部门分别生成，或加 --split 每个部门一份（如 -o 情况说明/）"
        )
        return 2
    try:
        if args.split:
            for index, (unit, items) in enumerate(units.items()):
                name = f"{api.safe_name(unit)}-情况说明.{REPORT_EXTENSION[fmt]}"
                if not folder and index:
                    _out("\n")
                built = api.report(items, notes=args.findings, unit=unit)
                _write_report(fmt, built, Path(args.output) / name if folder else None)
        else:
            _write_report(
                fmt, api.report(usable, notes=args.findings), Path(args.output) if args.output else None
            )
    except StdoutFailed:
        raise
    except OSError as exc:
        _say(f"无法写入 {exc.filename or args.output}：{os_reason(exc)}")
        return 2
    except Exception as exc:
        _say(f"生成情况说明失败：{type(exc).__name__}: {exc}")
        return 1
    return 2 if failed else 0


def _write_report(fmt: str, built: Report, target: Path | None) -> None:
    """One 情况说明 to ``target``, or (text and md) to the screen."""
    if fmt == "docx" and target is not None:
        api.report_docx(built, target)
    else:
        text = api.report_text(built, markdown=fmt == "md")
        if target is None:
            _out(text)
            return
        target.write_text(text, encoding="utf-8")
    _say(f"已写入 {target}")


def _sets(_: argparse.Namespace) -> int:
    for _path, item in api.sets():
        if isinstance(item, InputError):
            _say(str(item))
            continue
        levels = " / ".join(f"{lv.level1} {fmt_plain(lv.weight)}" for lv in item.levels)
        funds = fmt_plain(item.funds.weight) if item.funds else "0"
        reviews = sum(r.weight for r in item.reviews)
        extra = f" / 资金管理 {fmt_plain(reviews)}" if reviews else ""
        _out(
            f"{item.set.id}\t{KIND_SHORT[item.set.kind]}\t{item.set.title}\n"
            f"    分值：执行率 {funds}{extra} / {levels}（合计 {fmt_plain(item.weight_total)}）\n"
            f"    来源：{item.set.source}\n"
        )
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        evaluation = api.new_from_previous(args.previous) if args.previous else api.new_from_set(args.set_id)
    except InputError as exc:
        _say(str(exc))
        return 2
    if not args.output:
        _out(api.dump(evaluation))
        return 0
    if _is_folder(args.output):
        raise UsageProblem(f"new 的 -o 应为文件（如 -o 我的项目.toml），而 {args.output} 是文件夹")
    if args.previous:
        _refuse_inputs([Path(args.output)], api.Inputs(files=[Path(args.previous)]))
    if os.path.lexists(args.output) and not args.force:
        raise UsageProblem(
            f"文件 {args.output} 已存在，不会覆盖（其中可能已填写了内容）；如确要覆盖，请加 --force"
        )
    _check_writable(args.output)
    try:
        api.save(evaluation, args.output)
    except OSError as exc:
        raise UsageProblem(f"无法写入 {args.output}：{os_reason(exc)}") from exc
    _say(f"已生成 {args.output}，请用 jixiao tui {args.output} 逐项填写（或编辑后运行 jixiao check 复核）")
    return 0


def _import(args: argparse.Namespace) -> int:
    """Documents → evaluation files: print what was mapped, write the TOML (never over an input)."""
    from scoring.io.documents.cases import safe_name

    inputs = api.gather(args.paths, year=args.year, sets=args.sets)
    documents = [path for path in inputs.files if api.is_document(path)]
    others = [str(p) for p in [*inputs.files, *inputs.tables] if not api.is_document(p)]
    if others:
        raise UsageProblem(
            f"import 只读取文档（.xlsx/.xls/.ods/.docx/.pdf/.doc），不读取：{'、'.join(others)}"
        )
    if not documents:
        raise UsageProblem("没有找到文档（.xlsx/.xls/.ods/.docx/.pdf/.doc）")
    found = []
    failed = 0
    for path in documents:
        try:
            read = api.import_document(path, year=args.year, sets=args.sets)
        except InputError as exc:
            _say(str(exc))
            failed += 1
            continue
        for problem in read.problems:
            _say(f"{path}：{problem.render()}")
        found.extend(read.found)
    for imported in found:
        _say("\n".join(api.document_lines(imported)))
    if not found:
        return 2
    inputs_resolved = {Path(p).resolve() for p in documents}
    if not args.output:
        if len(found) > 1:
            raise UsageProblem(f"找到 {len(found)} 个自评表，请用 -o 指定输出文件夹，如 -o 导入/")
        _out(api.document_toml(found[0]))
        return 2 if failed else 0
    targets: list[Path]
    if _is_folder(args.output):
        _check_writable(args.output)
        used: set[str] = set()
        targets = []
        for imported in found:
            stem = safe_name(imported)
            name, n = stem, 2
            while name in used:
                name, n = f"{stem}-{n}", n + 1
            used.add(name)
            targets.append(Path(args.output) / f"{name}.toml")
    else:
        if len(found) > 1:
            raise UsageProblem(
                f"找到 {len(found)} 个自评表，-o 应为文件夹（如 -o 导入/），每个自评表一个文件"
            )
        _check_writable(args.output)
        targets = [Path(args.output)]
    for target in targets:
        if target.resolve() in inputs_resolved or target.suffix.lower() != ".toml":
            raise UsageProblem(f"不会写入 {target}：输出应为新的 .toml 文件，输入文件从不改写")
        if target.exists() and not args.force:
            raise UsageProblem(f"{target} 已存在；如要覆盖请加 --force")
    for imported, target in zip(found, targets, strict=True):
        try:
            _write_text(target, api.document_toml(imported))
        except OSError as exc:
            raise UsageProblem(f"无法写入 {target}：{os_reason(exc)}") from exc
        _say(f"已写入 {target}")
    return 2 if failed else 0


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _tui(args: argparse.Namespace) -> int:
    import importlib

    try:  # the one place the core reaches the screen, and only when asked (scoring/ never imports tui)
        app = importlib.import_module("tui.app")
    except ImportError:
        _say("终端界面尚未安装（tui 模块缺失）")
        return 2
    code: int = app.run(args.file)
    return code


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        # what follows is the interpreter's shutdown, whose garbage-collector passes would walk every
        # object polars, pydantic and the scoring made (~40 ms, more than scoring a file takes): freeze
        # them. Reference counting still frees what it can; only cycles left now wait for the exit.
        gc.freeze()


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "score": _score,
        "check": _check,
        "report": _report,
        "sets": _sets,
        "new": _new,
        "tui": _tui,
        "import": _import,
    }
    if args.command is None:
        parser.print_help()
        return 2
    try:
        code = handlers[args.command](args)
        _flush()
        return code
    except UsageProblem as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except StdoutFailed as exc:
        _silence_stdout()
        if isinstance(exc.error, BrokenPipeError):  # the reader went away (| head): nothing to say
            return 0
        _say(f"无法写入标准输出：{os_reason(exc.error)}")
        return 2


def _flush() -> None:
    """Write out what stdout still buffers now, while a failure can still be said (raises StdoutFailed)."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise StdoutFailed(exc) from exc


if __name__ == "__main__":
    sys.exit(main())
