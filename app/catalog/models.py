"""Model classes: a spec's model is a plain `keras.Model` (or `Sequential`)
unless `model.subclass` names one of these, the app's own `keras.Model`
subclasses with a `train_step` of their own (app/keras_ext/models.py)."""

from __future__ import annotations

from app.catalog.params import Float
from app.catalog.registry import Entry, Registry
from app.i18n import T

MODELS = Registry("model class", T("model classes", "模型类"))

MODELS.add(
    Entry(
        "GradientNormModel", "subclass",
        T("A keras.Model whose train_step is written out: it also logs grad_norm, the global norm of each batch's gradients (averaged over the epoch), and can clip the gradients to a norm before the update.",
          "一个写出了 train_step 的 keras.Model：它还记录 grad_norm，即每个批次梯度的全局范数（按轮取平均），并可在更新前把梯度裁剪到某个范数。"),
        (Float(name="clip_norm", default=None, nullable=True, lo=0.0, hi=1e6, lo_open=True,
               help=T("Scale each batch's gradients down so that their global norm is at most this (none: no clipping).", "把每个批次的梯度按比例缩小，使其全局范数不超过此值（留空：不裁剪）。")),),
        source="app",
    ),
)

# Classes whose train_step takes the gradients of the loss as it is: under
# "mixed_float16" compile() wraps the optimizer in a LossScaleOptimizer, which
# expects the gradients of the *scaled* loss, so the spec refuses that pair.
UNSCALED = frozenset({"GradientNormModel"})
