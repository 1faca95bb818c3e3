"""The data set of an uploaded CSV file: which columns are the features,
which one is the target, and what kind of target it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from app import uploads
from app.catalog.params import Choice, Param, ParamError, Text
from app.catalog.registry import Issue
from app.datasets.registry import Dataset
from app.i18n import T
from app.i18n.messages import show

MAX_CLASSES = 1000
UPLOAD_ID = Text(name="id", default="0" * 16, required=True, pattern=r"[0-9a-f]{16}", what=T("the id of an uploaded file", "已上传文件的编号"), help=T("The uploaded file.", "已上传的文件。"))
TARGET = Text(name="target", default="target", required=True, pattern=r".{1,64}", what=T("a column name", "一个列名"), help=T("The column to predict.", "要预测的列。"))
TASK = Choice(name="task", default="auto", choices=("auto", "binary", "multiclass", "regression"), help=T("What the target is; auto decides from its values.", "目标的类型；auto 根据取值自动判断。"))


@dataclass(frozen=True, kw_only=True)
class Columns(Param):
    """Column names of an uploaded file (whether they exist is checked against the file)."""

    kind: ClassVar[str] = "columns"

    def _check(self, value: Any) -> list[str]:
        if not (isinstance(value, list) and 1 <= len(value) <= 64 and all(isinstance(v, str) and 0 < len(v) <= 64 for v in value)):
            raise ParamError("text", what=T("a list of 1 to 64 column names", "由 1 到 64 个列名组成的列表").to_json(), value=show(value))
        return list(value)


FEATURES = Columns(name="features", default=["x"], required=True, help=T("The columns the model reads.", "模型读取的列。"))


def _columns(options: dict[str, Any]) -> dict[str, dict[str, Any]]:
    info = uploads.meta(options["id"]) or {"columns": []}
    return {c["name"]: c for c in info["columns"]}


def task_of(options: dict[str, Any]) -> str:
    if options["task"] != "auto":
        return options["task"]
    column = _columns(options).get(options["target"])
    return uploads.infer_task(column) if column else "regression"


def _classes(options: dict[str, Any]) -> int:
    column = _columns(options).get(options["target"])
    return column["distinct"] if column and task_of(options) != "regression" else 0


def check(options: dict[str, Any]) -> list[Issue]:
    info = uploads.meta(options.get("id", ""))
    if info is None:
        return [Issue(("id",), "upload_missing", {"value": show(options.get("id"))})]
    columns = {c["name"]: c for c in info["columns"]}
    names = ", ".join(columns)
    issues = []
    features = options["features"]
    for i, name in enumerate(features):
        column = columns.get(name)
        if column is None:
            issues.append(Issue(("features", i), "choice", {"choices": names, "value": show(name)}))
        elif column["kind"] != "numeric":
            issues.append(Issue(("features", i), "upload_text_feature", {"column": show(name), "example": show(column["example"])}))
    target = options.get("target")
    if target not in columns:
        issues.append(Issue(("target",), "choice", {"choices": names, "value": show(target)}))
    elif target in features:
        issues.append(Issue(("target",), "upload_target_feature", {"column": show(target)}))
    elif options.get("task") == "regression" and columns[target]["kind"] != "numeric":
        issues.append(Issue(("task",), "upload_text_regression", {"column": show(target), "example": show(columns[target]["example"])}))
    elif task_of(options) != "regression" and columns[target]["distinct"] > MAX_CLASSES:
        # each class is a column of the targets and of the output layer: 16,000 text classes took 6 GB
        issues.append(Issue(("target",), "upload_classes", {"column": show(target), "count": columns[target]["distinct"], "max": MAX_CLASSES}))
    return issues


ENTRIES = [
    Dataset(
        "upload",
        uploads.TITLE,
        T("A CSV file you uploaded: pick the feature columns and the target column.", "你上传的 CSV 文件：选择特征列和目标列。"),
        "auto",
        (UPLOAD_ID, FEATURES, TARGET, TASK),
        input_shape=lambda o: (len(o["features"]),),
        loader="uploads:from_upload",
        n_classes=_classes,
        task_of=task_of,
        check=check,
    ),
]
