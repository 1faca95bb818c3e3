"""Text or numbers: a data set of text (input dtype string) needs a model
input of dtype string, a data set of numbers one of a number type; and the
layers that read text (TextVectorization, StringLookup) must read a data
set's strings directly. Part of the data set stage of the checks
(`validate.dataset_problems`): nothing here imports Keras."""

from __future__ import annotations

from app.catalog.layers.preprocessing import TEXT_LAYERS
from app.datasets import DATASETS
from app.i18n import T
from app.spec.errors import SpecIssue
from app.spec.models import FunctionalModel

EXAMPLE = "review_texts"  # the data set of text a message points to
TEXT = T("text (strings)", "文本（字符串）")
NUMBERS = T("numbers", "数值")
NUMBER_TYPES = T("a number type (float32, float64 or int32)", "数值类型（float32、float64 或 int32）")


def _is_text(dtype: str | None) -> bool:
    return dtype == "string"


def _dtype_issue(loc: tuple, dataset, data_dtype: str, value: str) -> SpecIssue:
    text = _is_text(data_dtype)
    ctx = {"dataset": dataset.label(), "kind": (TEXT if text else NUMBERS).to_json(), "expected": "string" if text else NUMBER_TYPES.to_json(), "value": value}
    return SpecIssue(loc, "dataset_dtype", ctx)


def _text_issue(loc: tuple, cls: str, value: T) -> SpecIssue:
    return SpecIssue(loc, "text_input", {"cls": cls, "example": DATASETS.get(EXAMPLE).label(), "value": value.to_json()})


def _numbers_of(dataset, dtype: str) -> T:
    label = dataset.label()
    return T(f"the {dtype} numbers of the dataset {label['en']}", f"数据集 {label['zh']} 中的 {dtype} 数值")


def dtype_problems(model, dataset, inputs: dict[str, tuple[tuple, str]]) -> list[SpecIssue]:
    """Where the model's input dtypes, or its text layers, do not fit what the
    data set gives (`inputs`: its signature's inputs); [] when they fit or when
    the inputs do not match at all (that is reported on its own)."""
    if not isinstance(model, FunctionalModel):
        if len(inputs) != 1:
            return []
        [(_, data_dtype)] = inputs.values()
        issues = []
        if _is_text(data_dtype) != _is_text(model.input.dtype):
            issues.append(_dtype_issue(("model", "input", "dtype"), dataset, data_dtype, model.input.dtype))
        for i, layer in enumerate(model.layers):
            if layer.class_name not in TEXT_LAYERS:
                continue
            if i > 0:
                before = model.layers[i - 1].class_name
                issues.append(_text_issue(("model", "layers", i), layer.class_name, T(f"the output of layer {i}, {before}", f"第 {i} 层 {before} 的输出")))
            elif not _is_text(data_dtype):
                issues.append(_text_issue(("model", "layers", i), layer.class_name, _numbers_of(dataset, data_dtype)))
        return issues
    if dataset.named_io:
        given = {name: dtype for name, (_, dtype) in inputs.items()}
        if {i.name for i in model.inputs} != set(given):
            return []
    elif len(inputs) != 1 or len(model.inputs) != 1:
        return []
    else:
        [(_, data_dtype)] = inputs.values()
        given = {model.inputs[0].name: data_dtype}
    issues = [_dtype_issue(("model", "inputs", k, "dtype"), dataset, given[item.name], item.dtype)
              for k, item in enumerate(model.inputs) if _is_text(given[item.name]) != _is_text(item.dtype)]  # fmt: skip
    for k, node in enumerate(model.nodes):
        if node.class_name not in TEXT_LAYERS or not node.inputs:
            continue
        source = node.inputs[0]
        if source not in given:
            issues.append(_text_issue(("model", "nodes", k), node.class_name, T(f"the output of node {source}", f"节点 {source} 的输出")))
        elif not _is_text(given[source]):
            issues.append(_text_issue(("model", "nodes", k), node.class_name, _numbers_of(dataset, given[source])))
    return issues
