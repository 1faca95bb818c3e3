"""Why a run ended as it did, in both languages: one registry.

A terminal status event carries `why`: `{"code", ...params}`, and the
English sentence in `error` (failed, interrupted) or `detail` (succeeded,
cancelled) for API clients and logs. Pages show `why` in their own language:
`ui_strings` adds each text below as `why_<code>`. Nothing here holds a
server path, a class name or a repr: details go to the server log with the
run id, and the learner gets a sentence that says what to do.
"""

from __future__ import annotations

from typing import Any

from app.i18n import T

REASONS: dict[str, T] = {
    "build": T("The model could not be built: {detail}", "模型无法构建：{detail}"),
    "time_limit": T(
        "The run went past its time limit of {limit} s and was stopped after {done} epochs.",
        "运行超过了 {limit} 秒的时间上限，在第 {done} 轮后被停止。",
    ),
    "time_limit_kill": T(
        "The run went past its time limit of {limit} s and did not stop by itself, so its worker was stopped.",
        "运行超过了 {limit} 秒的时间上限且没有自行停止，因此它的训练进程被停止了。",
    ),
    "interrupted": T(
        "The server stopped while this run was training. Its events up to that moment are kept; train again to get a complete run.",
        "服务器在这次运行训练期间停止了。停止前的事件都已保存；再训练一次即可得到完整的运行。",
    ),
    "lease_lapsed": T(
        "The web process that was training this run ({host}) stopped answering, so the run was cut short. Its events up to that moment are kept; train again to get a complete run.",
        "负责训练这次运行的网页进程（{host}）不再响应，运行因此中断。中断前的事件都已保存；再训练一次即可得到完整的运行。",
    ),
    "worker_lapsed": T(
        "The worker that was training this run (on {host}) stopped answering: its machine may have stopped or lost its network. The run was cut short; its events up to that moment are kept. Train again to get a complete run.",
        "负责训练这次运行的训练进程（位于 {host}）不再响应，它所在的机器可能已停止或断网。运行因此中断，中断前的事件都已保存；再训练一次即可得到完整的运行。",
    ),
    "worker_killed": T(
        "The training worker stopped unexpectedly (it was killed by {signal}). This can happen when a model needs more memory than the machine has. A new worker has been started; you can train again.",
        "训练进程意外停止（被 {signal} 信号终止）。模型所需内存超过机器的内存时可能出现这种情况。新的训练进程已经启动，可以再训练一次。",
    ),
    "worker_exited": T(
        "The training worker stopped unexpectedly (exit code {code}). A new worker has been started; you can train again.",
        "训练进程意外停止（退出码 {code}）。新的训练进程已经启动，可以再训练一次。",
    ),
    "out_of_memory": T(
        "The run needed more memory than it may use. Try a smaller batch size, fewer units or filters, or smaller images.",
        "这次运行需要的内存超出了允许的范围。请试试更小的批次大小、更少的单元或卷积核，或更小的图像。",
    ),
    "memory_limit": T(
        "The run needed more than {limit} MB of memory, the most a run may use on this server, so it was stopped. Try a smaller batch size, fewer units or filters, or smaller images.",
        "这次运行需要超过 {limit} MB 的内存，超出了本服务器允许单次运行使用的上限，因此被停止了。请试试更小的批次大小、更少的单元或卷积核，或更小的图像。",
    ),
    "training_error": T("Keras stopped the training with this message: {detail}", "Keras 报告以下错误并停止了训练：{detail}"),
    "internal": T(
        "Training stopped because of an unexpected error on the server. Train again; if it happens again, tell whoever runs this server (run {run}).",
        "服务器出现意外错误，训练已停止。请再训练一次；如果问题依旧，请告知本服务器的管理员（运行编号 {run}）。",
    ),
    "record_failed": T(
        "The server could not save this run's progress, so the run was stopped. Train again in a moment; if it happens again, tell whoever runs this server (run {run}).",
        "服务器无法保存这次运行的进度，因此停止了运行。请稍后再训练一次；如果问题依旧，请告知本服务器的管理员（运行编号 {run}）。",
    ),
    "stopped_early": T("stopped early after {done} of {epochs} epochs", "在计划的 {epochs} 轮中训练到第 {done} 轮时提前停止"),
    "cancelled_after": T("stopped after {done} epochs", "训练了 {done} 轮后停止"),
    "forced": T("stopped by force after {grace} s", "{grace} 秒后被强制停止"),
}


def _shown(value: Any) -> Any:
    return f"{value:g}" if isinstance(value, float) else value


def why(code: str, field: str = "error", **params: Any) -> dict[str, Any]:
    """The fields of a status event (or a worker's outcome) that say why: `why` and
    the English sentence in `field` ("error" or "detail")."""
    shown = {k: _shown(v) for k, v in params.items()}
    return {field: REASONS[code].en.format(**shown), "why": {"code": code, **shown}}


def text(reason: dict[str, Any], lang: str) -> str:
    """A stored `why` as a sentence in `lang`."""
    params = {k: v for k, v in reason.items() if k != "code"}
    return REASONS[reason["code"]](lang).format(**params)


def ui_strings(lang: str) -> dict[str, str]:
    return {f"why_{code}": t(lang) for code, t in REASONS.items()}


__all__ = ["REASONS", "text", "ui_strings", "why"]
