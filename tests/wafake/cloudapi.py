"""The WhatsApp Cloud API model behind the HTTP fake: rules, recorded messages, callbacks.

* payload limits (`validate.check_message`), with Meta's error shapes;
* throughput (`throughput` messages in any one second -> 130429) and the pair
  rate (a token bucket per person: `pair_burst` at once, then one per
  `pair_interval` seconds -> 131056);
* the 24-hour window: a free-form message to someone whose last message is
  older (or who never wrote) fails with 131047, in a `failed` status callback
  (as Meta does) or, with `window_errors="sync"`, in the HTTP answer;
* media: uploads (`media.check_upload`: type, size) kept by id; image and document
  messages must refer to an uploaded file of a fitting type, captions at most 1024;
* templates: only approved ones (132001 unknown, 132015 paused, 132016
  disabled, 132000 wrong parameter count, 132018 bad parameter text); marketing
  templates to someone who stopped marketing fail with 131050;
* status callbacks for every accepted message (`status_sequence`, in order,
  reversed or shuffled with a seed, each repeated `duplicates` extra times),
  queued in `callbacks` until the server delivers them, signed;
* injected faults: `fail_next(code)`, `fail_next_upload(code)` and `server_errors`.

Time comes from `clock` (epoch seconds), so tests move it instead of sleeping.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.wafake import events
from tests.wafake.media import MESSAGE_TYPES, Form, FormFile, Media, check_upload
from tests.wafake.validate import (
    MEDIA_MESSAGES,
    ApiError,
    Json,
    check_mark_read,
    check_message,
    invalid,
    recipient_of,
)

WINDOW_SECONDS = 24 * 3600

THROUGHPUT = ApiError(130429, "Rate limit hit", "Cloud API message throughput has been reached.")
PAIR_RATE = ApiError(
    131056,
    "(Business Account, Consumer Account) pair rate limit hit",
    "Message failed to send because there were too many messages sent from this phone number to the same "
    "phone number in a short period of time.",
)
WINDOW_CLOSED = ApiError(
    131047,
    "Re-engagement message",
    "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
)
UNDELIVERABLE = ApiError(131026, "Message undeliverable", "Unable to deliver message.")
MARKETING_STOPPED = ApiError(
    131050,
    "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp "
    "from your business",
    "The user has stopped marketing messages.",
)
BAD_TOKEN = {
    "error": {
        "message": "Invalid OAuth access token - Cannot parse access token",
        "type": "OAuthException",
        "code": 190,
        "fbtrace_id": "AbC",
    }
}
SERVER_ERROR = {
    "error": {"message": "An unknown error has occurred.", "type": "OAuthException", "code": 1, "fbtrace_id": "AbC"}
}


@dataclass
class Template:
    name: str
    language: str
    category: str = "UTILITY"
    parameters: int = 0
    buttons: int = 0
    status: str = "APPROVED"  # PAUSED, DISABLED


@dataclass
class Sent:
    """A message the bot sent, as the fake accepted it."""

    wamid: str
    recipient: str  # wa_id or bsuid, as addressed
    payload: Json
    at: float
    failed_with: ApiError | None = None  # reported later in a failed status callback
    media: Media | None = None  # the uploaded file an image or document message refers to

    @property
    def kind(self) -> str:
        return str(self.payload.get("type", "text"))

    @property
    def caption(self) -> str:
        return str(self.payload[self.kind].get("caption", "")) if self.kind in MEDIA_MESSAGES else ""

    @property
    def filename(self) -> str | None:
        """The name the recipient sees on a document."""
        return self.payload["document"].get("filename") if self.kind == "document" else None

    @property
    def interactive_type(self) -> str | None:
        return self.payload["interactive"]["type"] if self.kind == "interactive" else None

    @property
    def text(self) -> str:
        if self.kind == "text":
            return str(self.payload["text"]["body"])
        if self.kind == "interactive":
            return str(self.payload["interactive"]["body"]["text"])
        return self.caption

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(id, title) of the reply buttons, list rows or template quick replies."""
        if self.interactive_type == "button":
            return [(b["reply"]["id"], b["reply"]["title"]) for b in self.payload["interactive"]["action"]["buttons"]]
        if self.interactive_type == "list":
            sections = self.payload["interactive"]["action"]["sections"]
            return [(r["id"], r["title"]) for s in sections for r in s["rows"]]
        if self.kind == "template":
            found = []
            for component in self.payload["template"].get("components", []):
                if component.get("type") == "button":
                    found.append((component["parameters"][0]["payload"], f"button {component['index']}"))
            return found
        return []

    @property
    def button_ids(self) -> list[str]:
        return [choice_id for choice_id, _title in self.choices]


@dataclass
class User:
    wa_id: str | None
    bsuid: str | None = None
    last_wrote: float | None = None
    bucket: float = -1.0  # pair-rate tokens; -1: full
    bucket_at: float = 0.0


@dataclass
class CloudApi:
    business: events.Business = field(default_factory=events.Business)
    access_token: str = "TEST-ACCESS-TOKEN"
    app_secret: str = "test-app-secret"
    clock: Callable[[], float] = time.time
    throughput: int = 80
    pair_burst: int = 45
    pair_interval: float = 6.0
    window_errors: str = "async"  # or "sync"
    status_sequence: tuple[str, ...] = ("sent", "delivered", "read")
    status_order: str = "in_order"  # "reversed", "shuffled"
    duplicates: int = 0
    seed: int = 7

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        self.sent: list[Sent] = []
        self.refused: list[tuple[Json, ApiError]] = []
        self.users: dict[str, User] = {}
        self.templates: dict[tuple[str, str], Template] = {}
        self.read_marks: list[str] = []
        self.inbound_ids: set[str] = set()
        self.callbacks: list[bytes] = []  # status callback bodies waiting for delivery
        self.undeliverable: set[str] = set()
        self.marketing_stopped: set[str] = set()
        self.faults: deque[tuple[str | None, ApiError]] = deque()
        self.upload_faults: deque[ApiError] = deque()
        self.media: dict[str, Media] = {}
        self.uploads_refused: list[ApiError] = []
        self.server_errors = 0
        self._recent: deque[float] = deque()
        self._ids = itertools.count(1)
        self._random = random.Random(self.seed)
        self.on_callback: list[Callable[[], None]] = []

    # --- set-up ------------------------------------------------------------------
    def approve(self, template: Template) -> None:
        with self.lock:
            self.templates[(template.name, template.language)] = template

    def user(self, wa_id: str | None, bsuid: str | None = None) -> User:
        with self.lock:
            key = wa_id or bsuid
            assert key is not None
            found = self.users.get(key) or (self.users.get(bsuid) if bsuid else None)
            if found is None:
                found = User(wa_id, bsuid)
            if wa_id:
                self.users[wa_id] = found
                found.wa_id = found.wa_id or wa_id
            if bsuid:
                self.users[bsuid] = found
                found.bsuid = found.bsuid or bsuid
            return found

    def fail_next(self, error: ApiError, recipient: str | None = None) -> None:
        """The next send (to `recipient`, or to anyone) answers with `error`."""
        with self.lock:
            self.faults.append((recipient, error))

    def fail_next_upload(self, error: ApiError) -> None:
        """The next media upload answers with `error`."""
        with self.lock:
            self.upload_faults.append(error)

    # --- what users do -----------------------------------------------------------
    def inbound_body(self, person: events.Person, content: Json) -> bytes:
        """A webhook body for a message from `person` (it opens their 24-hour window)."""
        with self.lock:
            now = self.clock()
            wamid = f"wamid.IN{next(self._ids):010d}"
            self.user(person.wa_id, person.bsuid).last_wrote = now
            self.inbound_ids.add(wamid)
            return json.dumps(events.inbound(self.business, person, wamid, int(now), content)).encode("utf-8")

    # --- what the bot sees ----------------------------------------------------------
    def inbox(self, address: str) -> list[Sent]:
        """Messages accepted for `address` and not failed."""
        with self.lock:
            return [s for s in self.sent if s.recipient == address and s.failed_with is None]

    # --- the API ---------------------------------------------------------------------
    def handle(self, phone_number_id: str, authorization: str | None, payload: object) -> tuple[int, Json]:
        with self.lock:
            refused = self._gate(phone_number_id, authorization)
            if refused is not None:
                return refused
            if not isinstance(payload, dict):
                return 400, invalid("The request body must be a JSON object").body()
            if self.server_errors > 0:
                self.server_errors -= 1
                return 500, SERVER_ERROR
            if payload.get("status") == "read":
                return self._mark_read(payload)
            return self._send(payload)

    def upload(self, phone_number_id: str, authorization: str | None, form: Form) -> tuple[int, Json]:
        """`POST /{phone-number-id}/media`: the file kept under a new media id."""
        with self.lock:
            refused = self._gate(phone_number_id, authorization)
            if refused is not None:
                return refused
            if self.server_errors > 0:
                self.server_errors -= 1
                return 500, SERVER_ERROR
            error = self.upload_faults.popleft() if self.upload_faults else check_upload(form)
            if error is not None:
                self.uploads_refused.append(error)
                return error.http_status, error.body()
            file = form["file"]
            assert isinstance(file, FormFile)
            media = Media(str(10**15 + next(self._ids)), file.filename, file.content_type, file.content)
            self.media[media.id] = media
            return 200, {"id": media.id}

    def _gate(self, phone_number_id: str, authorization: str | None) -> tuple[int, Json] | None:
        """The token and the phone number id, checked before anything else."""
        if authorization != f"Bearer {self.access_token}":
            return 401, BAD_TOKEN
        if phone_number_id != self.business.phone_number_id:
            return 400, {
                "error": {
                    "message": f"Unsupported post request. Object with ID '{phone_number_id}' does not exist",
                    "type": "GraphMethodException",
                    "code": 100,
                    "error_subcode": 33,
                    "fbtrace_id": "AbC",
                }
            }
        return None

    def _uploaded(self, payload: Json) -> tuple[Media | None, ApiError | None]:
        """The upload an image or document message refers to (Meta may instead accept such a message
        and fail it later with 131053; either way the bot sees an invalid payload)."""
        kind = payload.get("type")
        if kind not in MEDIA_MESSAGES:
            return None, None
        media_id = payload[kind].get("id")
        if not media_id:
            return None, ApiError(131051, "Unsupported message type", "media by link is not supported by this fake")
        media = self.media.get(str(media_id))
        if media is None:
            return None, invalid(f"Invalid media id {media_id}")
        if media.media_type not in MESSAGE_TYPES[kind]:
            return None, invalid(f"A file of type {media.media_type} cannot be sent as {kind}")
        return media, None

    def _mark_read(self, payload: Json) -> tuple[int, Json]:
        error = check_mark_read(payload)
        if error is None and payload["message_id"] not in self.inbound_ids:
            error = invalid("Invalid message id")
        if error is not None:
            return self._refuse(payload, error)
        self.read_marks.append(payload["message_id"])
        return 200, {"success": True}

    def _refuse(self, payload: Json, error: ApiError) -> tuple[int, Json]:
        self.refused.append((payload, error))
        return error.http_status, error.body()

    def _send(self, payload: Json) -> tuple[int, Json]:
        error = check_message(payload)
        media: Media | None = None
        if error is None:
            media, error = self._uploaded(payload)
        if error is not None:
            return self._refuse(payload, error)
        recipient = recipient_of(payload)
        assert recipient is not None
        for index, (target, fault) in enumerate(self.faults):
            if target in (None, recipient):
                del self.faults[index]
                return self._refuse(payload, fault)
        now = self.clock()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.throughput:
            return self._refuse(payload, THROUGHPUT)
        user = self.user(recipient if "to" in payload else None, recipient if "to" not in payload else None)
        if not self._take_pair_token(user, now):
            return self._refuse(payload, PAIR_RATE)
        later: ApiError | None = None
        if payload.get("type") == "template":
            template_error, later = self._check_template(payload["template"], user)
            if template_error is not None:
                return self._refuse(payload, template_error)
        elif user.last_wrote is None or now - user.last_wrote > WINDOW_SECONDS:
            if self.window_errors == "sync":
                return self._refuse(payload, WINDOW_CLOSED)
            later = WINDOW_CLOSED
        if recipient in self.undeliverable:
            later = UNDELIVERABLE
        self._recent.append(now)
        sent = Sent(f"wamid.OUT{next(self._ids):010d}", recipient, payload, now, failed_with=later, media=media)
        self.sent.append(sent)
        self._queue_statuses(sent, user)
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": recipient, **({"wa_id": user.wa_id} if user.wa_id else {})}],
            "messages": [{"id": sent.wamid, "message_status": "accepted"}],
        }

    def _take_pair_token(self, user: User, now: float) -> bool:
        if user.bucket < 0:
            user.bucket, user.bucket_at = float(self.pair_burst), now
        refill = (now - user.bucket_at) / self.pair_interval if self.pair_interval > 0 else float(self.pair_burst)
        user.bucket = min(float(self.pair_burst), user.bucket + refill)
        user.bucket_at = now
        if user.bucket < 1.0:
            return False
        user.bucket -= 1.0
        return True

    def _check_template(self, spec: Json, user: User) -> tuple[ApiError | None, ApiError | None]:
        key = (spec["name"], spec["language"]["code"])
        template = self.templates.get(key)
        if template is None:
            return ApiError(
                132001,
                "Template name does not exist in the translation",
                f"template name ({key[0]}) does not exist in {key[1]}",
            ), None
        if template.status == "PAUSED":
            return ApiError(132015, "Template is Paused", "Template is paused due to low quality"), None
        if template.status == "DISABLED":
            return ApiError(132016, "Template is disabled", "Template has been disabled"), None
        components = spec.get("components", [])
        body_params = [p for c in components if c.get("type") == "body" for p in c.get("parameters", [])]
        if len(body_params) != template.parameters:
            return ApiError(
                132000,
                "Number of parameters does not match the expected number of params",
                f"body: number of localizable_params ({len(body_params)}) does not match the expected number of "
                f"params ({template.parameters})",
            ), None
        for param in body_params:
            value = str(param.get("text", ""))
            if not value.strip() or "\n" in value or "\t" in value or "     " in value:
                return ApiError(
                    132018,
                    "There was an issue with the parameters in your template.",
                    "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
                ), None
        buttons = [c for c in components if c.get("type") == "button"]
        if len(buttons) > template.buttons:
            return invalid(f"Template has {template.buttons} button(s), {len(buttons)} given"), None
        address = user.wa_id or user.bsuid
        if template.category == "MARKETING" and address in self.marketing_stopped:
            return None, MARKETING_STOPPED
        return None, None

    # --- status callbacks ------------------------------------------------------------
    def _queue_statuses(self, sent: Sent, user: User) -> None:
        states = ["failed"] if sent.failed_with is not None else list(self.status_sequence)
        if self.status_order == "reversed":
            states.reverse()
        elif self.status_order == "shuffled":
            self._random.shuffle(states)
        for state in states:
            errors = [sent.failed_with.webhook_error()] if state == "failed" and sent.failed_with else None
            body = events.status(
                self.business,
                sent.wamid,
                state,
                int(sent.at),
                wa_id=user.wa_id if "to" in sent.payload or user.wa_id else None,
                bsuid=user.bsuid,
                errors=errors,
            )
            encoded = json.dumps(body).encode("utf-8")
            self.callbacks.extend([encoded] * (1 + self.duplicates))
        for notify in list(self.on_callback):
            notify()

    def take_callbacks(self) -> list[bytes]:
        with self.lock:
            taken, self.callbacks = self.callbacks, []
            return taken


def parse_json(raw: bytes) -> Any:
    return json.loads(raw) if raw else None
