"""A small random search over the playground's model: trials drawn in the browser
as keras_tuner.RandomSearch draws them, each trained as a real run (POST /api/runs,
one after another) and compared in the playground's Runs view. It asks the
config-roundtrip widget's task for each trial's parameter count."""

from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("A random search, trained as real runs", "随机搜索：每次试验都是真实的训练"), uses=("config",))
