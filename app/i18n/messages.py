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
    "too_long_one": T("expected at most 1 item; received {count}", "最多应有 1 项；收到了 {count} 项"),
    "too_short": T(
        "expected at least {min} items; received {count}", "至少应有 {min} 项；收到了 {count} 项"
    ),
    "too_short_one": T("expected at least 1 item; received {count}", "至少应有 1 项；收到了 {count} 项"),
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
        "在损失函数 {loss} 下，数据集 {dataset} 有 {n_classes} 个类别，最后一层应输出 {expected} 个单元；收到的是 {received} 个",
    ),
    "output_units_one": T(
        "with the loss {loss} and {n_classes} classes in {dataset}, expected a last layer with {expected} output unit; received {received}",
        "在损失函数 {loss} 下，数据集 {dataset} 有 {n_classes} 个类别，最后一层应输出 {expected} 个单元；收到的是 {received} 个",
    ),
    "incompatible": T(
        "the model's output {output_shape} and the dataset's targets {target_shape} do not fit the loss {loss}: {detail}",
        "模型输出 {output_shape} 与数据集目标 {target_shape} 不适用于损失函数 {loss}：{detail}",
    ),
    "compile": T("Keras cannot compile this model: {detail}", "Keras 无法编译此模型：{detail}"),
    "embedding_range": T(
        "the data's ids go up to {largest}, so an Embedding reading them needs an input_dim of at least {needed}; received {input_dim}",
        "数据中的编号最大为 {largest}，读取它们的 Embedding 的 input_dim 至少应为 {needed}；收到的是 {input_dim}",
    ),
    "adapt": T(
        "{cls} learns its state from the data before fit (adapt), and Keras could not adapt it to this data: {detail}",
        "{cls} 在 fit 之前从数据中学习自身的状态（adapt），但 Keras 无法在这些数据上完成 adapt：{detail}",
    ),
    "dataset_dtype": T(
        "the dataset {dataset} gives {kind}, so the model's input dtype must be {expected}; received {value}",
        "数据集 {dataset} 提供的是{kind}，因此模型输入的 dtype 必须是 {expected}；收到的是 {value}",
    ),
    "text_input": T(
        "{cls} reads text: expected the strings of a data set of text (such as {example}), fed to it directly by an input of dtype string; received {value}",
        "{cls} 读取的是文本：应直接接收文本数据集（例如 {example}）中的字符串，且输入的 dtype 为 string；但收到的是{value}",
    ),
    "metric_targets": T(
        "the metric {metric} does not fit the targets the loss {loss} takes; Keras says: {detail}",
        "指标 {metric} 与损失函数 {loss} 所用的目标格式不匹配；Keras 的说明：{detail}",
    ),
    "too_many_params": T(
        "expected a model with at most {max} parameters; received one with {count}",
        "模型参数最多应为 {max} 个；收到的模型有 {count} 个",
    ),
    "too_large_activation": T(
        "expected the largest layer output of one batch (batch_size × values per sample × 4 bytes) to take at most {max}; received {batch_size} × {values} × 4 bytes = {size}, for {at}: lower the batch size or make that output smaller",
        "一个批次中最大的层输出（batch_size × 每个样本的数值个数 × 4 字节）最多应占 {max}；收到的是 {batch_size} × {values} × 4 字节 = {size}（{at}）：请减小批次大小，或把该输出变小",
    ),
    "timeout": T(
        "expected the model to build within {seconds} s; it took longer",
        "模型应在 {seconds} 秒内构建完成；实际超时了",
    ),
    "inspect_failed": T(
        "Keras could not build this model, and said why only to the server's log (look for {ref} there); change the model, or tell whoever runs this server",
        "Keras 无法构建这个模型，原因只记录在服务器日志中（可在日志中查找 {ref}）；请修改模型，或告知本服务器的管理员",
    ),
    "needs_validation": T(
        "{value} is only logged with a validation split above 0 (fit.validation_split); received a split of 0",
        "只有当验证集比例（fit.validation_split）大于 0 时才会记录 {value}；当前比例为 0",
    ),
    "lambda_arguments": T(
        "the expression {function} takes the arguments: {names}; received: {value}",
        "表达式 {function} 需要的参数是：{names}；收到的是：{value}",
    ),
    "model_kind": T(
        'expected a model of kind "sequential" or "functional"; received {value}',
        '模型类型应为 "sequential" 或 "functional"；收到的是 {value}',
    ),
    "node_kind": T(
        "expected node {value} to have either class_name (with config) for a new layer or reuse for an earlier node's layer, not both or neither",
        "节点 {value} 应当要么用 class_name（及 config）创建新层，要么用 reuse 复用前面节点的层，二者只能选其一",
    ),
    "duplicate_name": T(
        "expected a name no input or earlier node has; received {value} a second time",
        "名称不能与输入或前面的节点重复；但 {value} 出现了第二次",
    ),
    "unknown_name": T(
        "expected the name of an input or of a node above this one ({names}); received {value}",
        "应为某个输入或本节点之前某个节点的名称（{names}）；收到的是 {value}",
    ),
    "reuse_target": T(
        "expected the name of an earlier node that creates a layer ({names}); received {value}",
        "应为前面某个创建了层的节点名称（{names}）；收到的是 {value}",
    ),
    "merge_arity": T(
        "{cls} merges several tensors: expected at least 2 inputs; received {count}",
        "{cls} 用于合并多个张量：至少需要 2 个输入；收到了 {count} 个",
    ),
    "attention_arity": T(
        "{cls} is called on a query, a value and a key: expected 1 to 3 inputs (one: self-attention); received {count}",
        "{cls} 作用于 query、value 和 key：应有 1 到 3 个输入（一个即自注意力）；收到了 {count} 个",
    ),
    "functional_only": T(
        "{cls} is called on several tensors, which a Sequential model cannot give it: expected a layer that takes one tensor, or a functional model; received {cls}",
        "{cls} 需要作用于多个张量，Sequential 模型无法提供：应使用只接收一个张量的层，或改用函数式模型；收到的是 {cls}",
    ),
    "single_input": T(
        "{cls} takes one tensor: expected 1 input; received {count}",
        "{cls} 只接收一个张量：应有 1 个输入；收到了 {count} 个",
    ),
    "node_name_config": T(
        "a node's layer is named by the node; expected no name in its config; received {value}",
        "节点中层的名称由节点名决定；config 中不应再有 name；收到的是 {value}",
    ),
    "output_node": T(
        "expected the name of a node that creates a layer ({names}); received {value}",
        "应为某个创建了层的节点名称（{names}）；收到的是 {value}",
    ),
    "per_output": T(
        "expected one entry for each output ({names}); received entries for {value}",
        "应为每个输出各给一项（{names}）；收到的是 {value} 的项",
    ),
    "dataset_io": T(
        "the dataset {dataset} gives {what} {expected}; the model's are {value}",
        "数据集 {dataset} 提供的{what}是 {expected}；而模型的是 {value}",
    ),
    "import_json": T("expected the text of model.to_json(); it is not JSON: {detail}", "应为 model.to_json() 输出的文本；但它不是 JSON：{detail}"),
    "import_model": T(
        "expected a Sequential or Functional model (or the app's GradientNormModel) from model.to_json(); received class_name {value}",
        "应为 model.to_json() 输出的 Sequential 或 Functional 模型（或本应用的 GradientNormModel）；收到的 class_name 是 {value}",
    ),
    "unscaled_subclass": T(
        "expected float32, mixed_bfloat16, float16 or bfloat16 with {cls}: its train_step takes the gradients of the unscaled loss, and mixed_float16 needs loss scaling; received mixed_float16",
        "{cls} 只能搭配 float32、mixed_bfloat16、float16 或 bfloat16：它的 train_step 对未缩放的损失求梯度，而 mixed_float16 需要损失缩放；收到的是 mixed_float16",
    ),
    "import_class": T(
        "{value} is not one of the {kind} in the playground's catalog, so this model cannot be imported",
        "{value} 不在训练场目录的{kind}之中，因此无法导入该模型",
    ),
    "import_argument": T(
        "{cls} has an argument the playground cannot set here (value {value}); expected only the arguments the catalog lists",
        "{cls} 有一个训练场无法在此设置的参数（值为 {value}）；只能使用目录中列出的参数",
    ),
    "import_value": T(
        "expected one of {names} (with Keras's default settings); received {value}",
        "应为以下之一：{names}（使用 Keras 默认设置）；收到的是 {value}",
    ),
    "import_input": T(
        "expected an input shape: the batch axis, then at least one axis of a sample; received {value}",
        "应为输入形状：批次轴之后至少还有一个样本的轴；收到的是 {value}",
    ),
    "import_multi_output": T(
        "the playground connects layers with one output each; {value} has several",
        "训练场只能连接每个只有一个输出的层；{value} 有多个输出",
    ),
    "import_type": T(
        "expected {what} at {path} in the output of model.to_json(); received {value}",
        "model.to_json() 输出中的 {path} 应为{what}；收到的是 {value}",
    ),
    "import_missing": T(
        "expected {path} in the output of model.to_json(); it is missing",
        "model.to_json() 的输出中应有 {path}；但缺少这一项",
    ),
    "import_depth": T(
        "expected JSON nested at most {max} levels deep, as model.to_json() writes it; received deeper nesting",
        "JSON 最多应嵌套 {max} 层（model.to_json() 的输出不会更深）；收到的嵌套更深",
    ),
    "dataset_missing": T(
        "the Keras data set {dataset} is not on this server (its files are not in {folder}); expected it fetched with `python -m app.datasets fetch` where the internet is reachable. Meanwhile use the bundled stand-in {stand_in}",
        "本服务器上没有 Keras 数据集 {dataset}（{folder} 中找不到它的文件）；请在能联网的地方用 `python -m app.datasets fetch` 下载。在此之前可以改用内置的替代数据集 {stand_in}",
    ),
    "upload_size": T("expected a file of at most {max}; received {size}", "文件最大应为 {max}；收到的是 {size}"),
    "upload_encoding": T(
        "expected UTF-8 text (save the file as CSV UTF-8); byte {byte} at position {position} is not UTF-8",
        "应为 UTF-8 文本（请把文件另存为 CSV UTF-8 格式）；位置 {position} 的字节 {byte} 不是 UTF-8",
    ),
    "upload_rows": T("expected a header and {min} to {max} rows of data; received {count} rows", "应有一行表头和 {min} 到 {max} 行数据；收到了 {count} 行"),
    "upload_rows_one": T("expected a header and {min} to {max} rows of data; received {count} row", "应有一行表头和 {min} 到 {max} 行数据；收到了 {count} 行"),
    "upload_columns": T("expected 2 to {max} columns; received {count}", "应有 2 到 {max} 列；收到了 {count} 列"),
    "upload_header": T(
        "expected a unique, non-empty column name of at most {max} characters; received {value}",
        "列名应唯一、非空且最多 {max} 个字符；收到的是 {value}",
    ),
    "upload_ragged": T("expected {expected} cells in every row, like the header; row {row} has {count}", "每行应与表头一样有 {expected} 个单元格；第 {row} 行有 {count} 个"),
    "upload_empty": T("expected a value in every cell; row {row}, column {column} is empty", "每个单元格都应有值；第 {row} 行 {column} 列是空的"),
    "upload_classes": T(
        "expected a target with at most {max} classes; column {column} has {count} different values (predict it as a regression, or choose another column)",
        "目标最多应有 {max} 个类别；{column} 列有 {count} 个不同的值（可以改为回归任务，或换一列作为目标）",
    ),
    "upload_number": T(
        "expected finite numbers from {min} to {max} in column {column} (float32, what Keras trains on); row {row} has {value}",
        "{column} 列应为 {min} 到 {max} 之间的有限数（Keras 用 float32 训练）；第 {row} 行是 {value}",
    ),
    "upload_newline": T(
        "expected rows that end in a line break, LF or CR LF (save the file as CSV UTF-8); row {row} has a carriage return (CR) alone inside a cell",
        "每行应以换行符 LF 或 CR LF 结尾（请把文件另存为 CSV UTF-8 格式）；第 {row} 行的单元格中有单独的回车符（CR）",
    ),
    "upload_cell": T("expected cells of at most {max} characters; row {row} has a longer one", "每个单元格最多应有 {max} 个字符；第 {row} 行有更长的单元格"),
    "upload_csv": T("expected a CSV file; row {row} cannot be read ({reason})", "应为 CSV 文件；第 {row} 行无法读取（{reason}）"),
    "no_gpu": T("expected cpu: no training worker with a GPU is running on this server (workers with a GPU: 0 of {workers}); received gpu", "应为 cpu：本服务器上没有带 GPU 的训练进程在运行（带 GPU 的训练进程：{workers} 个中有 0 个）；收到的是 gpu"),
    "upload_missing": T("expected the id of an uploaded file on this server; received {value}", "应为本服务器上已上传文件的编号；收到的是 {value}"),
    "upload_text_feature": T(
        "expected numbers in a feature column; column {column} holds text (e.g. {example})",
        "特征列应全部为数字；{column} 列含有文本（例如 {example}）",
    ),
    "upload_target_feature": T("expected a target that is not also a feature; received {column} in both", "目标列不应同时是特征列；{column} 两者都是"),
    "upload_text_regression": T(
        "expected numbers in the target of a regression; column {column} holds text (e.g. {example})",
        "回归任务的目标列应全部为数字；{column} 列含有文本（例如 {example}）",
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


# Messages whose English needs the singular when this number is 1 ("1 output
# unit", not "1 output units"): the `<code>_one` entry is used then. Chinese
# counts with a measure word and needs no second form.
PLURAL_BY = {"output_units": "expected", "too_long": "max", "too_short": "min", "upload_rows": "count"}


def render(code: str, ctx: dict[str, Any], lang: str) -> str:
    """The message `code` in `lang`, with bilingual context values resolved."""
    resolved = {
        k: (v.get(lang) or v.get("en")) if isinstance(v, dict) and "en" in v else v
        for k, v in ctx.items()
    }
    if code in PLURAL_BY and str(resolved.get(PLURAL_BY[code])) == "1":
        code = f"{code}_one"
    template = MESSAGES.get(code, MESSAGES["invalid"])(lang)
    try:
        return template.format(**resolved)
    except (KeyError, IndexError):
        return MESSAGES["invalid"](lang).format(detail=resolved.get("detail", code))

MESSAGES.update({
    "explore_array": T(
        "expected a list of numbers, or a list of such lists (at most {depth} levels deep); received {value}",
        "应为由数构成的列表，或由这样的列表构成的列表（最多 {depth} 层）；收到的是 {value}",
    ),
    "explore_depth": T(
        "expected lists nested at most {max} levels deep; received {depth} levels",
        "列表最多应嵌套 {max} 层；收到的是 {depth} 层",
    ),
    "explore_empty": T(
        "expected at least one item in every list; received an empty list",
        "每个列表至少应有一项；收到的是空列表",
    ),
    "explore_ragged": T(
        "expected {expected} items here, as many as the first list at this level (the array must be rectangular); received {value}",
        "这里应有 {expected} 项，与这一层的第一个列表一样多（数组必须是规整的矩形）；收到的是 {value}",
    ),
    "explore_size": T(
        "expected at most {max} numbers; received {count}",
        "最多应有 {max} 个数；收到了 {count} 个",
    ),
    "explore_total": T(
        "expected at most {max} numbers in all the updates together; received {count}",
        "所有更新加起来最多应有 {max} 个数；收到了 {count} 个",
    ),
    "explore_coords": T(
        "expected exactly {n} coordinates [x, y] for the function {function}; received {count}",
        "函数 {function} 的起点应恰好有 {n} 个坐标 [x, y]；收到了 {count} 个",
    ),
    "explore_shapes": T(
        "y_true has shape {y_true} and y_pred has shape {y_pred}; {cls} expected shapes that fit together, and Keras says: {detail}",
        "y_true 的形状是 {y_true}，y_pred 的形状是 {y_pred}；{cls} 需要两者的形状相互匹配，Keras 的说明：{detail}",
    ),
    "explore_weights": T(
        "sample_weight has shape {weights} while y_true has shape {y_true} and y_pred has shape {y_pred}; {cls} expected weights that fit the samples, and Keras says: {detail}",
        "sample_weight 的形状是 {weights}，而 y_true 的形状是 {y_true}、y_pred 的形状是 {y_pred}；{cls} 需要与样本相匹配的权重，Keras 的说明：{detail}",
    ),
    "explore_labels": T(
        "{cls} expected class numbers that fit y_pred of shape {y_pred}; received y_true of shape {y_true}, and Keras says: {detail}",
        "{cls} 需要与形状为 {y_pred} 的 y_pred 相符的类别编号；收到的 y_true 形状为 {y_true}，Keras 的说明：{detail}",
    ),
    "explore_build": T(
        "expected settings Keras accepts for {cls}; received settings Keras refuses: {detail}",
        "应为 Keras 能接受的 {cls} 设置；收到的设置被 Keras 拒绝：{detail}",
    ),
    "explore_timeout": T(
        "expected Keras to answer within {seconds} s; it took longer (try a smaller {what})",
        "Keras 应在 {seconds} 秒内给出结果；实际超时了（请减少{what}）",
    ),
    "explore_failed": T(
        "expected an answer from Keras; received a failure it explained only in the server's log (look for {ref} there): change the request, or tell whoever runs this server",
        "应得到 Keras 的计算结果；收到的是一次失败，原因只记录在服务器日志中（可在日志中查找 {ref}）：请修改请求，或告知本服务器的管理员",
    ),
})

MESSAGES.update({
    "control_not_running": T(
        "{action} needs a run that is training (status running); run {run} has status {status}",
        "{action}需要一个正在训练（状态为 running）的运行；而运行 {run} 的状态是 {status}",
    ),
    "control_rate_action": T(
        'expected learning_rate only with the action "set"; received it with the action {value}',
        '只有动作 "set" 才能带 learning_rate；收到的动作却是 {value}',
    ),
    "control_scheduled": T(
        "expected a run whose optimizer has a fixed learning rate; this run's follows the schedule {value}, which sets it at every step, so it cannot be set by hand",
        "只有优化器使用固定学习率的运行才能手动设置学习率；此运行的学习率遵循调度 {value}，每一步都由它决定，因此无法手动设置",
    ),
})

MESSAGES.update({
    "assignment_locked": T(
        "this field is fixed by the assignment {title}: expected {expected}; received {value}",
        "此项由作业“{title}”固定：应为 {expected}；收到的是 {value}",
    ),
    "assignment_epochs": T(
        "the assignment {title} allows at most {max} epochs; received {value}",
        "作业“{title}”最多允许 {max} 轮；收到的是 {value}",
    ),
    "locked_path": T(
        "expected the dotted path of a field of the assignment's spec, such as \"fit.epochs\" or \"model.layers\"; received {value}",
        "应为作业配置中某个字段的点分路径，例如 \"fit.epochs\" 或 \"model.layers\"；收到的是 {value}",
    ),
    "goal": T(
        "expected a goal {{\"metric\": name, \"mode\": \"max\" or \"min\", \"target\": number, \"max_epochs\": 1 to {max_epochs} (optional)}}; received {value}",
        "目标应为 {{\"metric\": 名称, \"mode\": \"max\" 或 \"min\", \"target\": 数, \"max_epochs\": 1 到 {max_epochs}（可选）}}；收到的是 {value}",
    ),
})  # fmt: skip
