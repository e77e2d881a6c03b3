"""The ``jixiao`` command (cli.md). Messages are Chinese, flags English; exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLES = """示例：
  jixiao score examples/beiguan-2023/project-equipment.toml
  jixiao score examples/ --format json -o out.json
  jixiao check examples/beiguan-2023/ --strict
  jixiao new --set henan-project -o 我的项目.toml
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="jixiao 绩效：预算绩效自评计分、复核与填报。",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    score = sub.add_parser(
        "score",
        help="计算得分并输出自评表",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("paths", nargs="+", metavar="PATH", help="自评文件（*.toml）或文件夹")
    score.add_argument("--format", default="table", choices=["table", "json"], help="输出格式（默认 table）")
    score.add_argument("-o", "--output", help="输出文件")
    score.add_argument("--detail", action="store_true", help="多个自评时逐个输出完整自评表")
    check = sub.add_parser(
        "check",
        help="校验与复核：列出全部问题",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")
    sub.add_parser("sets", help="列出可用的指标模板")
    new = sub.add_parser("new", help="由指标模板生成待填写的自评文件")
    new.add_argument("--set", required=True, dest="set_id", metavar="ID", help="模板 id 或模板文件路径")
    new.add_argument("-o", "--output", help="输出文件（默认输出到屏幕）")
    tui = sub.add_parser("tui", help="打开终端界面")
    tui.add_argument("file", nargs="?")
    return parser


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"已写入 {output}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _score(args: argparse.Namespace) -> int:
    from .batch import score_paths
    from .render_table import render_evaluation, render_summary
    from .results import ScoreReport

    batch = score_paths(args.paths)
    for error in batch.errors:
        print(str(error), file=sys.stderr)
    if args.format == "json":
        _emit(ScoreReport(evaluations=batch.results).model_dump_json(indent=2), args.output)
    elif len(batch.results) == 1:
        _emit(render_evaluation(batch.results[0]), args.output)
    elif batch.results:
        parts = [render_summary(batch.results)]
        if args.detail:
            parts.extend(render_evaluation(r) for r in batch.results)
        _emit("\n\n".join(parts), args.output)
    return 2 if batch.errors or not batch.results else 0


def _check(args: argparse.Namespace) -> int:
    from .batch import score_paths
    from .render_table import SEVERITY

    batch = score_paths(args.paths)
    worst = 0
    for result in batch.results:
        counted = [
            f for f in result.findings if f.severity == "error" or (args.strict and f.severity == "warning")
        ]
        if counted:
            worst = max(worst, 1)
        print(f"{result.file}：错误 {result.errors}，警告 {result.warnings}")
        for f in result.findings:
            line = f" 第 {f.line} 行" if f.line else ""
            print(f"  [{SEVERITY[f.severity]}] {f.code}{line}（{f.where}）：{f.message}")
    return 2 if batch.errors or not batch.results else worst


def _sets(_: argparse.Namespace) -> int:
    from .errors import InputError
    from .loading import load_set_file
    from .numbers import fmt_plain
    from .sets import shipped_sets

    for path in shipped_sets():
        try:
            item = load_set_file(path)
        except InputError as exc:
            print(str(exc), file=sys.stderr)
            continue
        levels = " / ".join(f"{lv.level1} {fmt_plain(lv.weight)}" for lv in item.levels)
        funds = fmt_plain(item.funds.weight) if item.funds else "0"
        reviews = sum(r.weight for r in item.reviews)
        extra = f" / 资金管理 {fmt_plain(reviews)}" if reviews else ""
        print(f"{item.set.id}\t{'项目' if item.set.kind == 'project' else '部门整体'}\t{item.set.title}")
        print(f"    分值：执行率 {funds}{extra} / {levels}（合计 {fmt_plain(item.weight_total)}）")
        print(f"    来源：{item.set.source}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .loading import dump_evaluation, save_evaluation
    from .new import evaluation_from_set
    from .sets import find_set

    try:
        evaluation = evaluation_from_set(find_set(args.set_id), args.set_id)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.output:
        save_evaluation(evaluation, args.output)
        print(f"已生成 {args.output}，请填写实际完成值后运行 jixiao score {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(dump_evaluation(evaluation))
    return 0


def _tui(args: argparse.Namespace) -> int:
    try:
        from tui.app import run  # the one lazy import of the screen
    except ImportError:
        print("终端界面尚未安装（tui 模块缺失）", file=sys.stderr)
        return 2
    return run(args.file)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"score": _score, "check": _check, "sets": _sets, "new": _new, "tui": _tui}
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
