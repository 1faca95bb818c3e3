"""Validation messages in both languages.

Each message says what was expected and what was received, the way Keras's
own errors do ("expected a positive integer. Received: units=0"), because
these messages reach learners in the form.
"""

from __future__ import annotations

import json
from typing import Any

from app.i18n import T

MESSAGES: dict[str, T] = {
    "number": T("expected {what} {range}; received {value}", "应为 {range}的{what}；收到的是 {value}"),
    "bool": T("expected true or false; received {value}", "应为 true 或 false；收到的是 {value}"),
    "choice": T("expected one of {choices}; received {value}", "应为以下之一：{choices}；收到的是 {value}"),
    "shape": T("expected {what}; received {value}", "应为{what}；收到的是 {value}"),
    "permutation": T(
        "expected each axis from 1 to {n} exactly once, e.g. {example}; received {value}",
        "应把 1 到 {n} 的每个轴恰好各列一次，例如 {example}；收到的是 {value}",
    ),
    "text": T("expected {what}; received {value}", "应为{what}；收到的是 {value}"),
    "required": T("this field is required; received nothing", "此项为必填；但没有收到任何值"),
    "not_null": T("expected a value; received null", "应为一个值；收到的是 null"),
    "unknown_field": T(
        "expected one of the fields {names}; received an unknown field {value}",
        "应为以下字段之一：{names}；收到了未知字段 {value}",
    ),
    "unknown_class": T(
        "expected one of the {kind} in the catalog{hint}; received {value}",
        "应为目录中的某个{kind}{hint}；收到的是 {value}",
    ),
    "unknown_argument": T(
        "{cls} takes no argument {value} here; expected one of: {names}",
        "{cls} 在这里没有参数 {value}；可用的参数有：{names}",
    ),
    "keras_object": T(
        'expected a name or an object {{"class_name": ..., "config": {{...}}}}; received {value}',
        '应为一个名称，或形如 {{"class_name": ..., "config": {{...}}}} 的对象；收到的是 {value}',
    ),
    "object": T("expected an object; received {value}", "应为一个对象；收到的是 {value}"),
    "list": T("expected a list; received {value}", "应为一个列表；收到的是 {value}"),
    "too_long": T(
        "expected at most {max} items; received {count}", "最多应有 {max} 项；收到了 {count} 项"
    ),
    "too_short": T(
        "expected at least {min} items; received {count}", "至少应有 {min} 项；收到了 {count} 项"
    ),
    "string": T("expected text; received {value}", "应为文本；收到的是 {value}"),
    "dataset_input": T(
        "the dataset {dataset} gives samples of shape {expected}, so the model's input shape must be {expected}; received {value}",
        "数据集 {dataset} 的样本形状是 {expected}，因此模型的输入形状必须是 {expected}；收到的是 {value}",
    ),
    "build": T(
        "{cls} cannot be applied to an input of shape {input_shape}: {detail}",
        "{cls} 无法作用于形状为 {input_shape} 的输入：{detail}",
    ),
    "output_units": T(
        "with the loss {loss} and {n_classes} classes in {dataset}, expected a last layer with {expected} output units; received {received}",
        "在损失函数 {loss} 下，数据集 {dataset} 有 {n_classes} 个类别，最后一层应输出 {expected} 个单元；收到的是 {received}",
    ),
    "incompatible": T(
        "the model's output {output_shape} and the dataset's targets {target_shape} do not fit the loss {loss}: {detail}",
        "模型输出 {output_shape} 与数据集目标 {target_shape} 不适用于损失函数 {loss}：{detail}",
    ),
    "compile": T("Keras cannot compile this model: {detail}", "Keras 无法编译此模型：{detail}"),
    "too_many_params": T(
        "expected a model with at most {max} parameters; received one with {count}",
        "模型参数最多应为 {max} 个；收到的模型有 {count} 个",
    ),
    "timeout": T(
        "expected the model to build within {seconds} s; it took longer",
        "模型应在 {seconds} 秒内构建完成；实际超时了",
    ),
    "needs_validation": T(
        "{value} is only logged with a validation split above 0 (fit.validation_split); received a split of 0",
        "只有当验证集比例（fit.validation_split）大于 0 时才会记录 {value}；当前比例为 0",
    ),
    "invalid": T("{detail}", "{detail}"),
}


def show(value: Any, limit: int = 80) -> str:
    """A received value as the learner typed it (JSON), shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(code: str, ctx: dict[str, Any], lang: str) -> str:
    """The message `code` in `lang`, with bilingual context values resolved."""
    resolved = {
        k: (v.get(lang) or v.get("en")) if isinstance(v, dict) and "en" in v else v
        for k, v in ctx.items()
    }
    template = MESSAGES.get(code, MESSAGES["invalid"])(lang)
    try:
        return template.format(**resolved)
    except (KeyError, IndexError):
        return MESSAGES["invalid"](lang).format(detail=resolved.get("detail", code))
