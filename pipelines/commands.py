"""The `check` and `template` sub-commands: thin shells over ingest that print reports for people or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipelines.ingest.check import check_files
from pipelines.ingest.feedback import write_feedback
from pipelines.ingest.files import source_files
from pipelines.ingest.model import FileResult
from pipelines.ingest.redact import printable
from pipelines.ingest.settings import IngestSettings
from pipelines.ingest.templates import write_template
from schemas.vocab import headers

_MAX_PROBLEMS_SHOWN = 20


def _group_by_folder(paths: Iterable[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        targets = groups.setdefault(path.parent, [])
        if path not in targets:
            targets.append(path)
    return groups


def check_paths(paths: Sequence[Path], settings: IngestSettings | None = None) -> list[FileResult]:
    """Check files and folders; a file is checked together with its siblings, so pairings find their roster."""
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(source_files(path) if path.is_dir() else [path])
    results: dict[Path, FileResult] = {}
    for folder, targets in _group_by_folder(expanded).items():
        context = [p for p in source_files(folder) if p not in targets] if folder.is_dir() else []
        checked = check_files([*targets, *context], settings=settings)
        for path, result in zip([*targets, *context], checked, strict=True):
            if path in targets:
                results[path] = result
    return [results[p] for p in dict.fromkeys(expanded)]


def _human_report(result: FileResult, feedback: Path | None) -> list[str]:
    mark = "✘" if result.failed else "✔"
    lines = [f"{mark} {result.path}"]
    lines += [f"    文件错误 / file error [{p.rule}]: {p.message_zh}" for p in result.file_errors]
    for sheet in result.sheets:
        if sheet.kind is None and not sheet.rows_read and not sheet.problems:
            continue  # an empty sheet of no kind (the template's 填写说明 and 下拉选项) has nothing to report
        title = headers()[sheet.kind].title if sheet.kind else "未识别 / no kind"
        skipped = "，".join(f"{k} {v}" for k, v in sheet.skip_reasons.items())
        lines.append(
            f"    工作表“{sheet.sheet}”（{title}）：读取 {sheet.rows_read} 行，导入 {len(sheet.accepted)}，"
            f"未导入 {sheet.rejected}，跳过 {sheet.skipped}{'（' + skipped + '）' if skipped else ''}"
            f" / read {sheet.rows_read}, accepted {len(sheet.accepted)}, rejected {sheet.rejected}, skipped {sheet.skipped}"
        )
        for problem in sheet.problems[:_MAX_PROBLEMS_SHOWN]:
            where = f"第 {problem.row} 行 " if problem.row else ""
            column = f"[{problem.column}] " if problem.column else ""
            lines.append(f"      {where}{column}{problem.message_zh}")
        if len(sheet.problems) > _MAX_PROBLEMS_SHOWN:
            lines.append(f"      …… 另有 {len(sheet.problems) - _MAX_PROBLEMS_SHOWN} 个问题 / more problems")
    if feedback is not None:
        lines.append(f"    反馈表 / feedback workbook: {feedback}")
    return [printable(line) for line in lines]


def check_command(paths: list[Path], *, as_json: bool, settings: IngestSettings | None = None) -> int:
    """Validate without loading, write feedback workbooks, print a report; 1 when a row was rejected or a file failed."""
    results = check_paths(paths, settings)
    feedback = {r.path: write_feedback(r, settings) if r.sha256 else None for r in results}
    if as_json:
        json.dump([r.to_dict() for r in results], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for result in results:
            print("\n".join(_human_report(result, feedback[result.path])))
        failed = sum(r.failed for r in results)
        print(f"共检查 {len(results)} 个文件，{failed} 个有错误 / {len(results)} file(s) checked, {failed} with errors")
    return 1 if any(r.failed for r in results) else 0


def template_command(kind: str, output: Path | None) -> int:
    """Write the blank template of one kind (default `<标题>模板.xlsx` in the current folder) and print its path."""
    path = write_template(kind, output or Path(f"{headers()[kind].title}模板.xlsx"))
    print(path)
    return 0
