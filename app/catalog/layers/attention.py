"""Attention: MultiHeadAttention, called on a query and a value (and
optionally a key) in a functional model; on one tensor it is self-attention."""

from __future__ import annotations

from app.catalog.common import LAYER_COMMON, constraint, initializer, regularizer, seed
from app.catalog.params import Bool, Float, Int
from app.catalog.registry import Entry
from app.i18n import T

KERNELS = T("the projection kernels", "各投影的核")
BIASES = T("the projection biases", "各投影的偏置")

ENTRIES = [
    Entry(
        "MultiHeadAttention", "attention",
        T(
            "Each of num_heads heads projects the query, key and value, weights every value position by softmax(q·k/√key_dim), and the heads' results are joined and projected back. Call it on one tensor for self-attention, or on a query and a value (and a key).",
            "num_heads 个头各自对 query、key、value 做投影，用 softmax(q·k/√key_dim) 给每个 value 位置加权，各头的结果拼接后再投影回去。对一个张量调用即自注意力；也可以对 query 和 value（以及 key）调用。",
        ),
        (
            Int(name="num_heads", default=2, lo=1, hi=64, required=True, help=T("Number of attention heads, each with its own projections.", "注意力头的个数，每个头有自己的投影。")),
            Int(name="key_dim", default=16, lo=1, hi=1024, required=True, help=T("Size of each head's query and key vectors.", "每个头的 query 和 key 向量的长度。")),
            Int(name="value_dim", default=None, nullable=True, lo=1, hi=1024, advanced=True, help=T("Size of each head's value vectors; None uses key_dim.", "每个头的 value 向量的长度；None 表示与 key_dim 相同。")),
            Float(name="dropout", default=0.0, lo=0.0, hi=1.0, hi_open=True, step=0.05, help=T("Dropout on the attention weights during training.", "训练时对注意力权重做的 Dropout。")),
            Bool(name="use_bias", default=True, advanced=True, help=T("Whether the projections add a bias.", "各投影是否加偏置。")),
            Int(name="output_shape", default=None, nullable=True, lo=1, hi=4096, advanced=True, help=T("Size of the output's last axis; None keeps the query's.", "输出最后一个轴的大小；None 表示与 query 相同。")),
            initializer("kernel_initializer", "glorot_uniform", KERNELS),
            initializer("bias_initializer", "zeros", BIASES),
            regularizer("kernel_regularizer", KERNELS),
            regularizer("bias_regularizer", BIASES),
            regularizer("activity_regularizer", T("the layer's output", "该层输出")),
            constraint("kernel_constraint", KERNELS),
            constraint("bias_constraint", BIASES),
            seed(),
            *LAYER_COMMON,
        ),
        inputs=(1, 3),
        call="args",
    ),
]
