"""Run the Telegram bot: python-telegram-bot for the Bot API, our engine for the talk.

Long polling by default (deleteWebhook first). With TELEGRAM_WEBHOOK_URL set,
PTB is used without its own server: our Starlette app (shared with other
channels, with /healthz) receives the POSTs, checks the secret-token header and
puts the updates on `application.update_queue`, all in one event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.app import App, build_app
from bot.channels.http import build_web_app, embedded_server, listen_socket, start_server
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.inbound import BotIdentity
from bot.channels.telegram.outbound import TelegramSender
from bot.channels.telegram.staff_notifications import StaffNotifier
from bot.config import ConfigError, Settings
from bot.core.clock import Clock
from bot.outreach.outbox import Outbox
from bot.storage.retention import RetentionPolicy, retention_job

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT_SECONDS = 10
GROUP_INTERVAL_SECONDS = 3.0  # Telegram: at most 20 messages per minute in a group
PRIVATE_INTERVAL_SECONDS = 1.0  # Telegram: about 1 message per second per chat

TelegramApplication = Application[Any, Any, Any, Any, Any, Any]


def file_base_url(base_url: str) -> str:
    """'https://api.telegram.org/bot' -> 'https://api.telegram.org/file/bot'."""
    root, sep, _rest = base_url.rpartition("/bot")
    return f"{root}/file/bot" if sep else base_url


def staff_chat(settings: Settings) -> int | None:
    raw = settings.telegram_staff_chat_id.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"TELEGRAM_STAFF_CHAT_ID harus berupa angka (id grup), bukan {raw!r}") from exc


def chat_interval(chat: str) -> float:
    return GROUP_INTERVAL_SECONDS if chat.startswith("-") else PRIVATE_INTERVAL_SECONDS


def build_application(settings: Settings, *, webhook: bool) -> TelegramApplication:
    base = settings.telegram_api_base_url.rstrip("/")
    builder = (
        Application.builder()
        .token(settings.telegram_token.reveal())
        .base_url(base)
        .base_file_url(file_base_url(base))
        .concurrent_updates(256)
        .connection_pool_size(64)
        .pool_timeout(10.0)
    )
    if webhook:
        builder = builder.updater(None)
    return builder.build()


def webhook_path(settings: Settings) -> str:
    return urlsplit(settings.telegram_webhook_url).path or "/telegram"


def telegram_webhook_route(path: str, secret: str, application: TelegramApplication) -> Route:
    expected = secret.encode("utf-8")

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        try:
            data = await request.json()
            update = Update.de_json(data, application.bot)
        except Exception:
            log.warning("webhook: unreadable update ignored")
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response()

    return Route(path, receive, methods=["POST"])


@dataclass
class TelegramRuntime:
    app: App
    application: TelegramApplication
    outbox: Outbox
    channel: TelegramChannel
    notifier: StaffNotifier


async def start_runtime(
    settings: Settings,
    app: App,
    application: TelegramApplication,
    *,
    chat_interval_fn: Callable[[str], float] = chat_interval,
) -> TelegramRuntime:
    """Initialise PTB (getMe), wire channel and outbox, register the command menu."""
    await application.initialize()
    bot = application.bot
    outbox = Outbox(
        TelegramSender(bot), rate_per_second=settings.outbox_rate_per_second, chat_interval=chat_interval_fn
    )
    staff_id = staff_chat(settings)
    channel = TelegramChannel(app, outbox, BotIdentity(bot.id, bot.username), staff_chat_id=staff_id)
    outbox.on_unreachable = channel.on_unreachable

    async def on_update(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await channel.handle_update(update)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram: unhandled error for update %s", update_id, exc_info=context.error)

    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    await outbox.start()
    try:
        await register_commands(bot)
    except Exception:
        log.exception("setMyCommands failed; the command menu may be out of date")
    return TelegramRuntime(app, application, outbox, channel, StaffNotifier(app, channel, staff_id))


async def serve(
    settings: Settings,
    db_path: Path,
    *,
    clock: Clock | None = None,
    stop: asyncio.Event | None = None,
    ready: Callable[[str], Awaitable[None] | None] | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set), then shut down gracefully."""
    settings.require_telegram()
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread, or Windows
            loop.add_signal_handler(sig, stop.set)

    webhook = bool(settings.telegram_webhook_url)
    app = await build_app(db_path, clock, staff_ids=settings.staff_ids)
    application = build_application(settings, webhook=webhook)
    runtime: TelegramRuntime | None = None
    server_task: asyncio.Task[None] | None = None
    background: list[asyncio.Task[None]] = []
    server = None
    try:
        await retention_job(app.db, app.clock, RetentionPolicy.from_settings(settings))
        runtime = await start_runtime(settings, app, application)
        bot = application.bot
        if webhook:
            host, port = settings.listen_host, settings.listen_port
            try:
                sock = listen_socket(host, port)
            except OSError as exc:
                raise ConfigError(
                    f"tidak bisa membuka {host}:{port} untuk webhook ({exc.strerror or exc}); "
                    "periksa BPJSTK_LISTEN_HOST dan BPJSTK_LISTEN_PORT."
                ) from exc
            route = telegram_webhook_route(
                webhook_path(settings), settings.telegram_webhook_secret.reveal(), application
            )
            server = embedded_server(build_web_app([route]), host, port)
            # Listen first, then tell Telegram where to deliver.
            server_task = await start_server(server, sock)
            await bot.set_webhook(
                settings.telegram_webhook_url,
                secret_token=settings.telegram_webhook_secret.reveal(),
                allowed_updates=ALLOWED_UPDATES,
            )
            mode = f"webhook on {settings.listen_host}:{settings.listen_port}{webhook_path(settings)}"
        else:
            await bot.delete_webhook()
            assert application.updater is not None
            await application.updater.start_polling(timeout=POLL_TIMEOUT_SECONDS, allowed_updates=ALLOWED_UPDATES)
            mode = "long polling"
        await application.start()
        background.append(asyncio.create_task(runtime.notifier.run(), name="staff-notifications"))
        log.warning("bpjstk-bot running on Telegram as @%s (%s)", bot.username, mode)
        if ready is not None:
            maybe = ready(mode)
            if maybe is not None:
                await maybe
        await stop.wait()
        log.warning("bpjstk-bot stopping")
    finally:
        if server is not None:
            server.should_exit = True
        if server_task is not None:
            await asyncio.gather(server_task, return_exceptions=True)
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        if runtime is not None:
            await runtime.outbox.stop(drain_timeout=5.0)
        await application.shutdown()
        await app.close()
    return 0
