"""`bpjstk-bot run`: every configured channel in one process, one event loop, one HTTP server.

Telegram starts when TELEGRAM_BOT_TOKEN is set (long polling, or a webhook with
TELEGRAM_WEBHOOK_URL), WhatsApp when WHATSAPP_ACCESS_TOKEN is set (a webhook at
/whatsapp/webhook). For each channel:

  platform -> inbound_events (stored before acknowledged) -> InboxWorker -> Engine
  Engine's turn writes the replies to the outbox with the new state -> Sender -> platform

and one APScheduler tick turns staff notifications, due reminders and broadcasts
into outbox rows. SIGTERM/SIGINT stop taking new work, let sends in flight finish,
and leave everything else queued in SQLite for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.routing import BaseRoute
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.app import App, build_app
from bot.channels.base import Channel
from bot.channels.http import build_web_app, embedded_server, listen_socket, start_server
from bot.channels.inbox import InboxWorker
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.inbound import BotIdentity
from bot.channels.telegram.polling import ALLOWED_UPDATES, TelegramPoller
from bot.channels.telegram.webhook import telegram_webhook_route, webhook_path
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.channels.whatsapp.client import WhatsAppClient
from bot.channels.whatsapp.webhook import whatsapp_routes
from bot.config import ConfigError, Settings
from bot.core.clock import Clock
from bot.core.takeover import OfficeHours
from bot.log_redaction import register_secret
from bot.outreach.courier import ChannelCourier
from bot.outreach.events import OutreachEvents
from bot.outreach.jobs import OutreachJobs
from bot.outreach.quiet import QuietHours, QuietHoursError
from bot.outreach.scheduler import Ticker
from bot.outreach.sender import Sender, SenderSettings
from bot.outreach.staff_notify import StaffDestination
from bot.scheduled_jobs import build_jobs
from bot.storage.broadcasts import SqliteBroadcasts
from bot.storage.inbox import SqliteInbox
from bot.storage.outbox import SqliteOutbox
from bot.storage.retention import RetentionPolicy, retention_job

log = logging.getLogger(__name__)

Ready = Callable[[str], Awaitable[None] | None]


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


def quiet_hours(settings: Settings) -> QuietHours:
    try:
        return QuietHours.parse(settings.quiet_hours)
    except QuietHoursError as exc:
        raise ConfigError(f"BPJSTK_QUIET_HOURS: {exc}") from exc


def office_hours(settings: Settings) -> OfficeHours:
    try:
        return OfficeHours.parse(settings.office_hours)
    except ValueError as exc:
        raise ConfigError(f"BPJSTK_OFFICE_HOURS: {exc}") from exc


def sender_settings(channel: str, settings: Settings) -> SenderSettings:
    if channel == "whatsapp":
        pair = settings.whatsapp_pair_interval

        def whatsapp_interval(_address: str, outreach: bool) -> float:
            # Meta allows roughly one message every 6 s to one person for outreach; a live
            # conversation's replies go at the Telegram-like pace.
            return pair if outreach else settings.telegram_chat_interval

        return SenderSettings(
            rate_per_second=settings.whatsapp_rate_per_second,
            chat_burst=settings.whatsapp_pair_burst,
            chat_interval=whatsapp_interval,
            max_attempts=settings.send_attempts,
            backoff_base=settings.retry_base_seconds,
            poll_seconds=settings.sender_poll_seconds,
        )

    def telegram_interval(address: str, _outreach: bool) -> float:
        return settings.telegram_group_interval if address.startswith("-") else settings.telegram_chat_interval

    return SenderSettings(
        rate_per_second=settings.outbox_rate_per_second,
        chat_burst=settings.chat_burst,
        chat_interval=telegram_interval,
        max_attempts=settings.send_attempts,
        backoff_base=settings.retry_base_seconds,
        poll_seconds=settings.sender_poll_seconds,
    )


def webhook_key(body: bytes) -> str:
    """A redelivered webhook body is the same event: its hash is its key."""
    return hashlib.sha256(body).hexdigest()


@dataclass
class Served:
    """What `run` built, for tests and the shutdown."""

    app: App
    channels: dict[str, Channel] = field(default_factory=dict)
    senders: dict[str, Sender] = field(default_factory=dict)
    workers: dict[str, InboxWorker] = field(default_factory=dict)
    jobs: OutreachJobs | None = None
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    routes: list[BaseRoute] = field(default_factory=list)
    on_stop: list[Callable[[], Awaitable[object]]] = field(default_factory=list)  # before draining
    closers: list[Callable[[], Awaitable[object]]] = field(default_factory=list)  # after, last
    modes: list[str] = field(default_factory=list)


async def _telegram(settings: Settings, served: Served, inbox: SqliteInbox) -> TelegramChannel:
    base = settings.telegram_api_base_url.rstrip("/")
    request = HTTPXRequest(connection_pool_size=64, pool_timeout=10.0)
    polling_request = HTTPXRequest(connection_pool_size=2, read_timeout=30.0)
    bot = Bot(
        settings.telegram_token.reveal(),
        base_url=base,
        base_file_url=file_base_url(base),
        request=request,
        get_updates_request=polling_request,
    )
    await bot.initialize()  # getMe: a wrong token fails here, before anything else starts
    served.closers.append(bot.shutdown)
    channel = TelegramChannel(served.app.renderer, bot, BotIdentity(bot.id, bot.username), staff_chat(settings))
    try:
        await register_commands(bot)
    except Exception:
        log.exception("setMyCommands failed; the command menu may be out of date")
    now = served.app.clock

    async def store(key: str | None, body: bytes) -> None:
        await inbox.store("telegram", key, body, now.now().timestamp())
        served.workers["telegram"].wake()

    if settings.telegram_webhook_url:
        path = webhook_path(settings)
        served.routes.append(telegram_webhook_route(path, settings.telegram_webhook_secret.reveal(), store))
        served.modes.append(f"Telegram @{bot.username} (webhook {path})")
    else:
        await bot.delete_webhook()
        poller = TelegramPoller(
            bot, inbox, stored=lambda: served.workers["telegram"].wake(), now=lambda: now.now().timestamp()
        )
        served.tasks.append(asyncio.create_task(poller.run(), name="telegram-polling"))
        served.on_stop.append(poller.confirm)  # tell Telegram what was stored
        served.modes.append(f"Telegram @{bot.username} (long polling)")
    return channel


def _whatsapp(settings: Settings, served: Served, inbox: SqliteInbox) -> WhatsAppChannel:
    client = WhatsAppClient(
        base_url=settings.whatsapp_api_base_url,
        phone_number_id=settings.whatsapp_phone_number_id,
        access_token=settings.whatsapp_access_token,
    )
    served.closers.append(client.aclose)
    channel = WhatsAppChannel(served.app.renderer, client, phone_number_id=settings.whatsapp_phone_number_id)
    clock = served.app.clock

    async def persist(body: bytes) -> None:
        await inbox.store("whatsapp", webhook_key(body), body, clock.now().timestamp())
        served.workers["whatsapp"].wake()

    served.routes += whatsapp_routes(
        verify_token=settings.whatsapp_verify_token, app_secret=settings.whatsapp_app_secret, persist=persist
    )
    served.modes.append("WhatsApp (webhook /whatsapp/webhook)")
    return channel


def staff_destinations(settings: Settings, channels: dict[str, Channel]) -> list[StaffDestination]:
    destinations = []
    group = staff_chat(settings)
    if group is not None and "telegram" in channels:
        destinations.append(StaffDestination("telegram", str(group)))
    if "whatsapp" in channels:
        destinations += [StaffDestination("whatsapp", a) for a in settings.staff_addresses("whatsapp")]
    return destinations


async def start(settings: Settings, db_path: Path, *, clock: Clock | None = None) -> Served:
    """Build and start everything `run` serves; `stop_served` undoes it."""
    enabled = settings.require_channels()
    quiet = quiet_hours(settings)
    for secret in (settings.telegram_token, settings.whatsapp_access_token, settings.whatsapp_app_secret):
        register_secret(secret.reveal())
    app = await build_app(
        db_path,
        clock,
        staff_ids=settings.staff_ids,
        monthly_day=settings.bpu_reminder_day,
        office=office_hours(settings),
    )
    served = Served(app)
    try:
        await _start(settings, served, enabled, quiet)
    except BaseException:
        await stop_served(served)
        raise
    return served


async def _start(settings: Settings, served: Served, enabled: tuple[str, ...], quiet: QuietHours) -> None:
    app, db = served.app, served.app.db
    policy = RetentionPolicy.from_settings(settings)
    await retention_job(db, app.clock, policy)
    inbox, outbox, broadcasts_store = SqliteInbox(db), SqliteOutbox(db), SqliteBroadcasts(db)
    if "telegram" in enabled:
        served.channels["telegram"] = await _telegram(settings, served, inbox)
    if "whatsapp" in enabled:
        served.channels["whatsapp"] = _whatsapp(settings, served, inbox)
    events = OutreachEvents(app.store, broadcasts_store, app.clock)

    def wake_senders() -> None:
        for sender in served.senders.values():
            sender.wake()

    for name, channel in served.channels.items():
        sender = Sender(channel, outbox, settings=sender_settings(name, settings), quiet=quiet, events=events)
        served.senders[name] = sender
        # A message may cause rows on other channels too (a conversation relayed to staff): wake all.
        served.workers[name] = InboxWorker(
            channel, inbox, app.engine, app.store, outbox, app.clock, replies_queued=wake_senders, events=events
        )
    app.attach_courier(ChannelCourier(served.channels, outbox, app.clock))
    served.jobs = build_jobs(
        app,
        served.channels,
        staff_destinations(settings, served.channels),
        quiet=quiet,
        retention=policy,
        queued=wake_senders,
    )
    for name, sender in served.senders.items():
        await sender.start()
        served.tasks.append(asyncio.create_task(served.workers[name].run(), name=f"inbox-{name}"))
    ticker = Ticker(served.jobs.tick)
    ticker.start(settings.tick_seconds)
    served.on_stop.insert(0, ticker.stop)


async def stop_served(served: Served, drain_timeout: float = 5.0) -> None:
    for task in served.tasks:
        task.cancel()
    await asyncio.gather(*served.tasks, return_exceptions=True)
    for hook in served.on_stop:
        with contextlib.suppress(Exception):
            await hook()
    for worker in served.workers.values():
        await worker.stop(drain_timeout)
    for sender in served.senders.values():
        await sender.stop(drain_timeout)
    for close in served.closers:
        with contextlib.suppress(Exception):
            await close()
    await served.app.close()


async def serve(
    settings: Settings,
    db_path: Path,
    *,
    clock: Clock | None = None,
    stop: asyncio.Event | None = None,
    ready: Ready | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set), then shut down gracefully."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread, or Windows
            loop.add_signal_handler(sig, stop.set)
    host, port = settings.listen_host, settings.listen_port
    sock = None
    if settings.telegram_webhook_url or "whatsapp" in settings.enabled_channels:
        try:  # bound before anything starts: a busy port is a clear error, not a half-started bot
            sock = listen_socket(host, port)
        except OSError as exc:
            raise ConfigError(
                f"tidak bisa membuka {host}:{port} untuk webhook ({exc.strerror or exc}); "
                "periksa BPJSTK_LISTEN_HOST dan BPJSTK_LISTEN_PORT."
            ) from exc
    try:
        served = await start(settings, db_path, clock=clock)
    except BaseException:
        if sock is not None:
            sock.close()
        raise
    server = None
    server_task: asyncio.Task[None] | None = None
    try:
        needs_server = sock is not None
        if sock is not None:
            server = embedded_server(build_web_app(served.routes), host, port)
            server_task = await start_server(server, sock)  # listen first, then tell Telegram
        telegram = served.channels.get("telegram")
        if isinstance(telegram, TelegramChannel) and settings.telegram_webhook_url:
            await telegram.set_webhook(
                settings.telegram_webhook_url, settings.telegram_webhook_secret.reveal(), ALLOWED_UPDATES
            )
        mode = "; ".join(served.modes) + (f"; HTTP {host}:{port}" if needs_server else "")
        log.warning("bpjstk-bot running: %s", mode)
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
        await stop_served(served)
    return 0
