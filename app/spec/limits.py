"""Bounds on every number of the spec that the catalog does not own."""

from __future__ import annotations

from typing import Any

from app.catalog.params import Bool, Choice, Float, Int, Shape, Text
from app.i18n import T

MAX_LAYERS = 64
MAX_METRICS = 8
MAX_CALLBACKS = 8
MAX_MODEL_INPUTS = 8
MAX_MODEL_OUTPUTS = 8
MAX_NODE_INPUTS = 8

INPUT_SHAPE = Shape(
    name="shape", default=[2], min_len=1, max_len=4, lo=1, hi=4096, allow_none=True,
    help=T(
        "Shape of one sample, without the batch axis: (20,) for 20 features, (8, 8, 1) for a small image. None leaves an axis's size open: (None, 2) takes sequences of any length, (None, None, 3) images of any size for a fully convolutional model.",
        "单个样本的形状（不含批次轴）：20 个特征为 (20,)，小图片为 (8, 8, 1)。写 None 表示该轴大小不限：(None, 2) 接受任意长度的序列，(None, None, 3) 让全卷积模型接受任意大小的图片。",
    ),
)
INPUT_DTYPE = Choice(
    name="dtype", default="float32", choices=("float32", "float64", "int32", "string"), advanced=True,
    help=T("Data type of the input values: string for a data set of text, which TextVectorization or StringLookup reads.", "输入值的数据类型：文本数据集用 string，由 TextVectorization 或 StringLookup 读取。"),
)
DTYPE_POLICY = Choice(
    name="dtype_policy", default="float32", choices=("float32", "mixed_float16", "mixed_bfloat16", "float16", "bfloat16"), advanced=True,
    help=T("The dtype policy the layers are built under (keras.config.set_dtype_policy): mixed_ keeps the weights in float32 and computes in 16 bits; float16 does everything in 16 bits (lesson 44).",
           "构建各层时使用的 dtype 策略（keras.config.set_dtype_policy）：mixed_ 开头的策略把权重保存为 float32、用 16 位计算；float16 则全部用 16 位（见第 44 课）。"),
)
NODE_NAME = Text(
    name="name", default="dense", pattern=r"[A-Za-z][A-Za-z0-9_]*", max_len=40,
    what=T("a name of letters, digits and underscores that starts with a letter (at most 40 characters)", "以字母开头、由字母数字和下划线组成的名称（最多 40 个字符）"),
    help=T("The node's name: its layer's name, and what later nodes and the outputs refer to.", "节点的名称：即其层的名称，后续节点和输出都用它来引用。"),
)
RUN_ID = Text(name="run", default="0" * 16, pattern=r"[0-9a-f]{16}", what=T("the id of a run", "一次运行的编号"), help=T("A run.", "一次运行。"))
LOSS_WEIGHT = Float(name="loss_weight", default=1.0, lo=0.0, hi=100.0, help=T("How much this output's loss counts in the total.", "该输出的损失在总损失中所占的权重。"))
EPOCHS = Int(name="epochs", default=10, lo=1, hi=1000, help=T("Passes over the training data.", "遍历训练数据的轮数。"))
BATCH_SIZE = Int(name="batch_size", default=32, lo=1, hi=8192, help=T("Samples per gradient update.", "每次梯度更新使用的样本数。"))
VALIDATION_SPLIT = Float(
    name="validation_split", default=0.2, lo=0.0, hi=0.9, step=0.05,
    help=T("Fraction of the data held out (the last rows, before shuffling) to compute val_ metrics after each epoch.", "留作验证的数据比例（打乱之前的最后若干行），每轮结束后用它计算 val_ 指标。"),
)
SHUFFLE = Bool(name="shuffle", default=True, help=T("Shuffle the training rows before each epoch.", "每轮开始前打乱训练数据的顺序。"))

DEVICE = Choice(
    name="device", default="cpu", choices=("cpu", "gpu"), advanced=True,
    help=T("Where the run trains: on a worker's processor (cpu), or on a worker with a GPU (gpu), which a server with such a worker offers.",
           "在哪里训练：训练进程的处理器（cpu），或带 GPU 的训练进程（gpu，需要服务器有这样的训练进程）。"),
)

FIT_PARAMS = (EPOCHS, BATCH_SIZE, VALIDATION_SPLIT, SHUFFLE, DEVICE)
HISTOGRAM_FREQ = Int(
    name="histogram_freq", default=0, lo=0, hi=100,
    help=T("Every this many epochs, send histograms of every weight and activation (0: never). They cost a little time.", "每隔这么多轮发送一次所有权重和激活值的直方图（0 表示不发送）。会多花一点时间。"),
)
NEURONS = Bool(
    name="neurons", default=True,
    help=T(
        "For a chain of Dense layers on a 2-D data set, send after every epoch what each neuron computes: its output over the input plane (up to 16 neurons a layer) and its weights, as TensorFlow Playground draws them. It costs a few milliseconds an epoch.",
        "对于二维数据集上由 Dense 层串成的模型，每轮结束后发送每个神经元的计算结果：它在输入平面上的输出（每层最多 16 个神经元）及其权重，就像 TensorFlow Playground 画的那样。每轮会多花几毫秒。",
    ),
)


def limits_json() -> dict[str, Any]:
    return {
        "max_layers": MAX_LAYERS,
        "max_metrics": MAX_METRICS,
        "max_callbacks": MAX_CALLBACKS,
        "max_model_inputs": MAX_MODEL_INPUTS,
        "max_model_outputs": MAX_MODEL_OUTPUTS,
        "max_node_inputs": MAX_NODE_INPUTS,
        "node_name": NODE_NAME.to_json(),
        "loss_weight": LOSS_WEIGHT.to_json(),
        "input": [INPUT_SHAPE.to_json(), INPUT_DTYPE.to_json()],
        "fit": [p.to_json() for p in FIT_PARAMS],
        "views": [HISTOGRAM_FREQ.to_json(), NEURONS.to_json()],
        "model": [DTYPE_POLICY.to_json()],
    }
