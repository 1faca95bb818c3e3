"""The playground's model through get_config, from_config and to_json."""

from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("A model's config, round-tripped", "模型配置的往返转换"), task="config", takes_model=True)
