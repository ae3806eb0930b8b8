"""The Bot API model behind the fake request and the HTTP emulator."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 999
BOT_USERNAME = "bpjstk_test_bot"
Json = dict[str, Any]


@dataclass
class Call:
    method: str  # as Telegram spells it: "sendMessage", ...
    params: Json
    at: float
    status: int = 200
    result: Any = None

    @property
    def message_id(self) -> int | None:
        return int(self.result["message_id"]) if isinstance(self.result, dict) else None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[str]:
        """callback_data of an inline keyboard, in order."""
        markup = self.params.get("reply_markup") or {}
        return [b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row]


_CANONICAL = {
    name.lower(): name
    for name in (
        "getMe",
        "getUpdates",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "setMyCommands",
        "deleteWebhook",
        "setWebhook",
        "getWebhookInfo",
        "sendDocument",
        "close",
        "logOut",
    )
}


@dataclass
class BotApi:
    bot_id: int = BOT_ID
    username: str = BOT_USERNAME
    calls: list[Call] = field(default_factory=list)
    updates: list[Json] = field(default_factory=list)  # not yet confirmed
    forbidden: set[int] = field(default_factory=set)  # chats answering 403
    flood: dict[int, list[float]] = field(default_factory=dict)  # chat -> retry_after answers to give
    webhook: Json = field(default_factory=dict)
    listeners: list[Callable[[Call], None]] = field(default_factory=list)
    on_update: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(7000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.messages: dict[tuple[int, int], Json] = {}  # bot messages by (chat, message id)

    # --- helpers ---------------------------------------------------------------
    def me(self) -> Json:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "BPJSTK Blitar",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def user(user_id: int, first_name: str = "Siti") -> Json:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "id"}

    @staticmethod
    def private_chat(user_id: int, first_name: str = "Siti") -> Json:
        return {"id": user_id, "first_name": first_name, "type": "private"}

    def _push(self, update: Json) -> Json:
        update["update_id"] = next(self._update_ids)
        self.updates.append(update)
        for notify in list(self.on_update):
            notify()
        return update

    # --- what users do -----------------------------------------------------------
    def user_message(self, user_id: int, text: str, *, first_name: str = "Siti", chat: Json | None = None) -> Json:
        chat = chat or self.private_chat(user_id, first_name)
        message: Json = {
            "message_id": self._next_message_id(int(chat["id"])),
            "from": self.user(user_id, first_name),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
        return self._push({"message": message})

    def user_contact(self, user_id: int, phone: str, *, first_name: str = "Siti") -> Json:
        chat = self.private_chat(user_id, first_name)
        message = {
            "message_id": self._next_message_id(user_id),
            "from": self.user(user_id, first_name),
            "chat": chat,
            "date": int(time.time()),
            "contact": {"phone_number": phone, "first_name": first_name, "user_id": user_id},
        }
        return self._push({"message": message})

    def user_media(self, user_id: int, field: str, content: object, *, first_name: str = "Siti") -> Json:
        """`user_id` sends something other than text: `field` is Telegram's ("photo", "voice", ...)."""
        message = {
            "message_id": self._next_message_id(user_id),
            "from": self.user(user_id, first_name),
            "chat": self.private_chat(user_id, first_name),
            "date": int(time.time()),
            field: content,
        }
        return self._push({"message": message})

    def user_press(
        self, user_id: int, message_id: int, data: str, *, first_name: str = "Siti", chat_id: int | None = None
    ) -> Json:
        """`user_id` presses a button on the bot's message `message_id` in `chat_id` (default: their private chat)."""
        chat = user_id if chat_id is None else chat_id
        message = self.messages.get((chat, message_id))
        if message is None:
            raise KeyError(f"no bot message {message_id} in chat {chat}")
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.user(user_id, first_name),
            "message": message,
            "chat_instance": f"ci{chat}",
            "data": data,
        }
        return self._push({"callback_query": query})

    def sent_to(self, chat_id: int, method: str = "sendMessage") -> list[Call]:
        return [c for c in self.calls if c.method == method and c.chat_id == chat_id and c.status == 200]

    def last_keyboard_message(self, chat_id: int) -> Call | None:
        for call in reversed(self.sent_to(chat_id)):
            if call.buttons:
                return call
        return None

    # --- the API -----------------------------------------------------------------
    def handle(self, method: str, params: Json) -> tuple[int, Json]:
        name = _CANONICAL.get(method.lower(), method)
        call = Call(name, params, time.monotonic())
        self.calls.append(call)
        status, body = self._dispatch(name, params)
        call.status = status
        call.result = body.get("result")
        for listener in list(self.listeners):
            listener(call)
        return status, body

    def _fault(self, params: Json) -> tuple[int, Json] | None:
        chat = params.get("chat_id")
        if chat is None:
            return None
        chat_id = int(chat)
        if chat_id in self.forbidden:
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        pending = self.flood.get(chat_id)
        if pending:
            retry_after = pending.pop(0)
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry_after:g}",
                "parameters": {"retry_after": retry_after},
            }
        return None

    def _ok(self, result: Any) -> tuple[int, Json]:
        return 200, {"ok": True, "result": result}

    def _dispatch(self, name: str, params: Json) -> tuple[int, Json]:
        if name == "getMe":
            return self._ok(self.me())
        if name == "getUpdates":
            return self._ok(self.get_updates(params))
        if name in ("setMyCommands", "close", "logOut"):
            return self._ok(True)
        if name == "deleteWebhook":
            self.webhook = {}
            return self._ok(True)
        if name == "setWebhook":
            self.webhook = dict(params)
            return self._ok(True)
        if name == "getWebhookInfo":
            return self._ok(
                {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
            )
        if name == "answerCallbackQuery":
            return self._ok(True)
        fault = self._fault(params)
        if fault is not None:
            return fault
        if name in ("sendMessage", "sendDocument"):
            chat_id = int(params["chat_id"])
            message: Json = {
                "message_id": self._next_message_id(chat_id),
                "from": self.me(),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "first_name": "x"},
                "date": int(time.time()),
            }
            if name == "sendMessage":
                message["text"] = params.get("text", "")
            else:
                message["document"] = {"file_id": "doc1", "file_unique_id": "u1", "file_name": "file"}
                if params.get("caption"):
                    message["caption"] = params["caption"]
            markup = params.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                message["reply_markup"] = markup
            self.messages[(chat_id, message["message_id"])] = message
            return self._ok(message)
        if name in ("editMessageText", "editMessageReplyMarkup"):
            key = (int(params["chat_id"]), int(params["message_id"]))
            edited = self.messages.get(key)
            if edited is None:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"}
            message = edited
            if name == "editMessageText":
                message["text"] = params.get("text", "")
            markup = params.get("reply_markup")
            if isinstance(markup, dict) and markup.get("inline_keyboard"):
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            return self._ok(message)
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def get_updates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        return self.updates[:limit]
