"""The counter page and hall display served by the kiosk itself on the hall LAN, so calling works
with the WAN down: clerks log in, call next / recall / served / skip / no-show; /display is a
TV page. Standard library only (the kiosk has no web framework); off unless a bind address is set."""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import sqlite_utils

from kiosk.queue import tickets
from kiosk.queue.announce import display_text
from kiosk.queue.services import QueueRules
from kiosk.queue.staff import StaffAccount, check_login
from kiosk.queue.status import queue_status
from kiosk.storage.database import connect

log = logging.getLogger(__name__)

COOKIE = "lawpost_counter"
# The login form's own CSRF token (double submit, as the console's login): a cross-site page cannot
# read the cookie, so it cannot post a form that logs the hall's browser into its own account.
LOGIN_COOKIE = "lawpost_counter_login"
MAX_FAILURES = 5
LOCK_S = 15 * 60
IDLE_S = 30 * 60
_ACTIONS = {"call": "叫下一位", "recall": "重新叫号", "served": "办理完毕", "skipped": "过号",
            "no_show": "未到"}
_VERBS = {*_ACTIONS, "transfer"}
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'")
_STYLE = """body{font-family:"Noto Sans CJK SC",sans-serif;margin:2rem;color:#111;background:#fff}
h1{color:#1F4E8C}button{font-size:1.3rem;padding:.8rem 1.4rem;margin:.3rem;border-radius:.4rem;
border:2px solid #1F4E8C;background:#1F4E8C;color:#fff}.plain{background:#fff;color:#1F4E8C}
.now{font-size:3rem;font-weight:bold}.err{color:#B00020;font-weight:bold}
.call{background:#1F4E8C;color:#fff;font-size:7vw;font-weight:bold;text-align:center;
margin:1rem 0;padding:1rem;border-radius:1rem}.recent{font-size:3vw}"""


@dataclass
class _Session:
    account: StaffAccount
    csrf: str
    seen: float


@dataclass
class _State:
    """Sessions and login failures live in memory: a restart logs every clerk out, which is safe."""

    sessions: dict[str, _Session] = field(default_factory=dict)
    failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _page(title: str, body: str, *, refresh_s: int | None = None) -> bytes:
    meta = f'<meta http-equiv="refresh" content="{refresh_s}">' if refresh_s else ""
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">{meta}'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    ).encode()


class CounterWeb:
    """Owns the HTTP server thread; every request uses its own database connection."""

    def __init__(self, database_path: Path, rules: QueueRules, *, host: str, port: int,
                 clock: Callable[[], float] = time.time) -> None:
        self._path = database_path
        self.rules = rules
        self.clock = clock
        self.state = _State()
        handler = type("Handler", (_Handler,), {"web": self})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, name="counter-web", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def db(self) -> sqlite_utils.Database:
        return connect(self._path)

    def login(self, name: str, password: str) -> tuple[str, _Session] | str:
        """A new session, or the sentence to show."""
        now = self.clock()
        with self.state.lock:
            count, until = self.state.failures.get(name, (0, 0.0))
            if until > now:
                return "失败次数过多，请 15 分钟后再试。"
        db = self.db()
        try:
            account = check_login(db, name=name, password=password)
        finally:
            db.conn.close()
        with self.state.lock:
            if account is None:
                count += 1
                self.state.failures[name] = (0, now + LOCK_S) if count >= MAX_FAILURES else (count, 0.0)
                return "用户名或密码不对。"
            self.state.failures.pop(name, None)
            # Sessions nobody used for IDLE_S are dropped here too, not only when their cookie
            # comes back: a clerk who just closes the tab leaves nothing behind for long.
            for stale in [t for t, s in self.state.sessions.items() if now - s.seen > IDLE_S]:
                del self.state.sessions[stale]
            token = secrets.token_urlsafe(32)
            session = _Session(account=account, csrf=secrets.token_urlsafe(32), seen=now)
            self.state.sessions[token] = session
            return token, session

    def session(self, token: str | None) -> _Session | None:
        if not token:
            return None
        now = self.clock()
        with self.state.lock:
            session = self.state.sessions.get(token)
            if session is None or now - session.seen > IDLE_S:
                self.state.sessions.pop(token, None)
                return None
            session.seen = now
            return session

    def logout(self, token: str) -> None:
        with self.state.lock:
            self.state.sessions.pop(token, None)

    def act(self, action: str, counter: str, number: str | None, *, to: str = "") -> str:
        db = self.db()
        try:
            if action == "transfer":
                ticket = tickets.transfer_current(db, self.rules, counter, to)
                return f"{ticket.number}：转到 {ticket.line} 业务排队"
            if action == "call":
                ticket = tickets.call_next(db, self.rules, counter)
            elif action == "recall":
                ticket = tickets.recall(db, self.rules, counter, number=number or None)
            else:
                ticket = tickets.finish_current(db, counter, action)
        except tickets.NoTicketError:
            return "现在没有可以这样处理的号。" if action != "call" else "现在没有人在等候。"
        except KeyError:
            return "请选择要转去的业务。"
        finally:
            db.conn.close()
        return f"{ticket.number}：{_ACTIONS.get(action, action)}"

    def status_json(self) -> dict[str, Any]:
        db = self.db()
        try:
            return queue_status(db, self.rules).as_json()
        finally:
            db.conn.close()


class _Handler(BaseHTTPRequestHandler):
    web: CounterWeb
    server_version = "LawPostCounter"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.info("counter web: %s", format % args)

    def _send(self, status: int, body: bytes, *, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", _CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str, *, cookie: str | None = None) -> None:
        headers = {"Location": to}
        if cookie is not None:
            headers["Set-Cookie"] = cookie
        self._send(HTTPStatus.SEE_OTHER, b"", headers=headers)

    def _cookie(self, name: str) -> str | None:
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        return jar[name].value if name in jar else None

    def _token(self) -> str | None:
        return self._cookie(COOKIE)

    def _login_form(self, status: int, message: str) -> None:
        """A login form with a fresh CSRF token, in the page and in a cookie only /login sees."""
        token = secrets.token_urlsafe(32)
        cookie = f"{LOGIN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/login"
        self._send(status, _login_page(message, token), headers={"Set-Cookie": cookie})

    def _form(self) -> dict[str, str]:
        length = min(int(self.headers.get("Content-Length", "0") or 0), 4096)
        raw = self.rfile.read(length).decode("utf-8", errors="replace")
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/display":
            self._send(HTTPStatus.OK, self._display())
        elif url.path == "/status.json":
            body = json.dumps(self.web.status_json(), ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, body, content_type="application/json")
        elif url.path == "/login":
            self._login_form(HTTPStatus.OK, query.get("msg", ""))
        elif url.path in ("/", "/counter"):
            session = self.web.session(self._token())
            if session is None:
                self._redirect("/login")
                return
            self._send(HTTPStatus.OK, self._counter(session, query))
        else:
            self._send(HTTPStatus.NOT_FOUND, _page("404", "<p>没有这个页面。</p>"))

    def do_POST(self) -> None:
        form = self._form()
        path = urlsplit(self.path).path
        if path == "/login":
            sent, cookie = form.get("csrf", ""), self._cookie(LOGIN_COOKIE) or ""
            if not cookie or not secrets.compare_digest(sent, cookie):
                self._login_form(HTTPStatus.BAD_REQUEST, "页面已过期，请重新登录。")
                return
            result = self.web.login(form.get("name", ""), form.get("password", ""))
            if isinstance(result, str):
                self._login_form(HTTPStatus.UNAUTHORIZED, result)
                return
            self._redirect("/counter", cookie=f"{COOKIE}={result[0]}; HttpOnly; SameSite=Strict; Path=/")
            return
        token = self._token()
        session = self.web.session(token)
        if session is None or token is None:
            self._redirect("/login")
            return
        if not secrets.compare_digest(form.get("csrf", ""), session.csrf):
            self._send(HTTPStatus.FORBIDDEN, _page("403", "<p class=err>页面已过期，请刷新后再试。</p>"))
            return
        if path == "/logout":
            self.web.logout(token)
            self._redirect("/login", cookie=f"{COOKIE}=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/")
            return
        counter, action = form.get("counter", ""), form.get("action", "")
        if path != "/action" or counter not in session.account.counters or action not in _VERBS:
            self._send(HTTPStatus.FORBIDDEN, _page("403", "<p class=err>不能这样操作这个窗口。</p>"))
            return
        message = self.web.act(action, counter, form.get("number"), to=form.get("to", ""))
        log.info("counter %s by %s: %s", counter, session.account.name, action)
        self._redirect(f"/counter?counter={counter}&msg={_quote(message)}")

    def _counter(self, session: _Session, query: dict[str, str]) -> bytes:
        counters = session.account.counters
        wanted = query.get("counter", "")
        counter = wanted if wanted in counters else counters[0]
        status = self.web.status_json()
        mine = [c for c in status["current"] if c["counter"] == counter]
        now = (f'<p class=now id=now>{html.escape(mine[0]["number"])}</p>' if mine
               else "<p id=now>（空闲）</p>")
        pick = " ".join(
            f'<a href="/counter?counter={html.escape(c)}">{html.escape(c)}号窗口</a>' for c in counters
        )
        hidden = (f'<input type=hidden name=csrf value="{session.csrf}">'
                  f'<input type=hidden name=counter value="{html.escape(counter)}">')
        buttons = "".join(
            f'<button name=action value="{key}"{" class=plain" if key != "call" else ""}>{label}</button>'
            for key, label in _ACTIONS.items()
        )
        waiting = "".join(
            f"<li>{html.escape(s['letter'])} {html.escape(s['name'])}：等候 {s['waiting']} 人</li>"
            for s in status["services"] if counter in s["counters"]
        )
        options = "".join(
            f'<option value="{html.escape(s.letter)}">{html.escape(s.letter)} {html.escape(s.name)}</option>'
            for s in self.web.rules.services
        )
        msg = f'<p id=msg>{html.escape(query.get("msg", ""))}</p>' if query.get("msg") else ""
        body = (
            f"<h1>{html.escape(counter)}号窗口</h1><p>{pick}</p>{msg}<h2>正在办理</h2>{now}"
            f'<form method=post action="/action">{hidden}{buttons}'
            f'<p><label>过号后重新叫：<input name=number size=6 placeholder="A012"></label></p>'
            f'<p><label>转到其他业务：<select name=to>{options}</select></label> '
            f'<button name=action value=transfer class=plain>转号</button></p></form>'
            f"<h2>等候</h2><ul>{waiting}</ul>"
            f'<form method=post action="/logout"><input type=hidden name=csrf value="{session.csrf}">'
            f'<button class=plain>退出 {html.escape(session.account.name)}</button></form>'
        )
        return _page(f"{counter}号窗口", body, refresh_s=15)

    def _display(self) -> bytes:
        status = self.web.status_json()
        calls = "".join(
            f'<div class=call>{html.escape(display_text(c["number"], c["counter"]))}</div>'
            for c in status["current"]
        ) or '<p class=recent>现在没有叫号，请耐心等候。</p>'
        recent = "".join(
            f'<p class=recent>{html.escape(display_text(c["number"], c["counter"]))}</p>'
            for c in status["recent"]
        )
        return _page("叫号", f"<h1>正在叫号</h1>{calls}<h2>刚才叫过</h2>{recent}", refresh_s=3)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _login_page(message: str, csrf: str) -> bytes:
    err = f"<p class=err>{html.escape(message)}</p>" if message else ""
    return _page("窗口登录", (
        f"<h1>窗口叫号 · 登录</h1>{err}<form method=post action=\"/login\">"
        f'<input type=hidden name=csrf value="{csrf}">'
        "<p><label>用户名 <input name=name autocomplete=username required></label></p>"
        "<p><label>密码 <input name=password type=password autocomplete=current-password required>"
        "</label></p><button>登录</button></form>"
    ))
