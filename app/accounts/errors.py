"""Account errors: a status and a message in both languages, said at the field."""

from __future__ import annotations

from typing import Any

from app.i18n import T

MESSAGES: dict[str, T] = {
    "sign_in": T("Sign in to continue.", "请先登录。"),
    "bad_login": T("Wrong name or password.", "用户名或密码不正确。"),
    "login_throttled": T(
        "Too many failed sign-ins for {name}: try again in {seconds} s.",
        "{name} 登录失败次数过多：请在 {seconds} 秒后再试。",
    ),
    "teachers_only": T("Only a teacher can do this.", "只有教师可以执行此操作。"),
    "admins_only": T("Only an administrator can do this.", "只有管理员可以执行此操作。"),
    "students_only": T("Only a student can do this.", "只有学生可以执行此操作。"),
    "no_such": T("no {what} {key}", "没有{what} {key}"),
    "unknown_code": T(
        "No class has the join code {value}: check it with your teacher.",
        "没有哪个班级的加入码是 {value}：请向老师核对。",
    ),
    "name_taken": T(
        "The name {value} is already taken in this class: if it is yours, ask your teacher for a sign-in link; otherwise pick another name.",
        "本班已有人使用 {value} 这个名字：如果是你本人，请向老师索取登录链接；否则请换一个名字。",
    ),
    "name": T(
        "expected a name of 1 to 40 printable characters; received {value}",
        "应为 1 到 40 个可打印字符的名字；收到的是 {value}",
    ),
    "password": T(
        "expected a password of {min} to {max} characters; received {count}",
        "应为 {min} 到 {max} 个字符的密码；收到的是 {count} 个字符",
    ),
    "text": T("expected {what}; received {value}", "应为{what}；收到的是 {value}"),
    "link_used": T(
        "This sign-in link has been used or has expired: ask your teacher for a new one.",
        "此登录链接已使用或已过期：请向老师索取新的链接。",
    ),
    "foreign_origin": T(
        "This request came from another site ({origin}); only pages of this server may change things here.",
        "此请求来自其他网站（{origin}）；只有本服务器的页面才能在这里修改内容。",
    ),
    "limit_active": T(
        "You have {count} runs queued or training, the most one person may have at once ({limit}). One frees up as soon as one of them ends (or you cancel it).",
        "你已有 {count} 个运行在排队或训练中，达到每人同时可有的上限（{limit} 个）。其中任何一个结束（或被你取消）后即可再开始新的运行。",
    ),
    "limit_hourly": T(
        "You have started {count} runs in the last hour, the most allowed ({limit} per hour). The next one frees up in {minutes} min.",
        "你在过去一小时内已开始 {count} 个运行，达到上限（每小时 {limit} 个）。{minutes} 分钟后可以再开始下一个。",
    ),
    "limit_upload": T(
        "Your uploads would take {size} MB, more than the {limit} MB one person may keep. Space frees up when runs and files are cleaned up; ask your teacher.",
        "你的上传文件将占用 {size} MB，超过每人可保存的 {limit} MB。清理运行和文件后会释放空间；请联系老师。",
    ),
    "classroom_only": T(
        "Accounts exist in classroom mode only (KP_MODE=classroom); this server runs in personal mode.",
        "账户仅在课堂模式（KP_MODE=classroom）下存在；本服务器运行在个人模式。",
    ),
    "teacher_taken": T("A teacher named {value} exists already.", "已有名为 {value} 的教师。"),
    "too_large": T(
        "expected a request body of at most {max}; received more than that",
        "请求内容最多应为 {max}；收到的超过了这个大小",
    ),
    "unavailable": T(
        "Keras is not available right now ({why}). Try again in a few seconds.",
        "Keras 暂时不可用（{why}）。请过几秒再试。",
    ),
    "queue_full": T(
        "Too many runs are waiting ({count} at most). Try again when some have finished.",
        "等待中的运行太多了（最多 {count} 个）。请等一些运行结束后再试。",
    ),
    "json_object": T(
        "expected a JSON object such as {example}, or no body; received {value}",
        "应为 JSON 对象（例如 {example}），或不带请求内容；收到的是 {value}",
    ),
    "unknown_field": T("expected one of {names}; received {value}", "应为 {names} 之一；收到的是 {value}"),
    "unfreeze": T(
        "expected true, to fine-tune a run whose model has a frozen Pretrained layer; received {value}",
        "应为 true，用于微调模型中含有冻结的 Pretrained 层的运行；收到的是 {value}",
    ),
    "nothing_to_unfreeze": T(
        "expected a run whose model has a frozen Pretrained layer to unfreeze; this run's model has none",
        "应为模型中含有可解冻（已冻结）的 Pretrained 层的运行；这个运行的模型里没有",
    ),
    "csv_names": T(
        "expected a CSV file with a name column and 1 to {max} rows; received {value}",
        "应为带有 name 列、1 到 {max} 行的 CSV 文件；收到的是 {value}",
    ),
}

# what `no_such` names, in both languages
NOUNS: dict[str, T] = {
    "class": T("class", "班级"),
    "assignment": T("assignment", "作业"),
    "student": T("student", "学生"),
    "shared run": T("shared run", "共享的运行"),
    "figure": T("figure", "插图"),
}


class AccountError(Exception):
    """Answered as `status` with `detail` in the page's language (at `loc`, when a field is to blame)."""

    def __init__(self, status: int, code: str, loc: tuple = (), headers: dict[str, str] | None = None, **ctx: Any):
        super().__init__(MESSAGES[code].en.format(**{k: v.en if isinstance(v, T) else v for k, v in ctx.items()}))
        self.status, self.code, self.loc, self.ctx, self.headers = status, code, loc, ctx, headers

    def detail(self, lang: str) -> Any:
        ctx = {k: v(lang) if isinstance(v, T) else v for k, v in self.ctx.items()}
        msg = MESSAGES[self.code](lang).format(**ctx)
        if self.loc:
            return [{"loc": ["body", *self.loc], "msg": msg, "type": self.code}]
        return msg
