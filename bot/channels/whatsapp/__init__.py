"""The WhatsApp Cloud API channel (Meta's Graph API), the second `bot.channels.base.Channel`.

One module per concept: `signature` (X-Hub-Signature-256), `webhook` (the
Starlette routes), `events`/`inbound`/`statuses` (webhook JSON -> `Inbound`
and status reports), `outbound` (rendered replies -> message payloads),
`media` (replies with a file -> image/document messages and their upload),
`errors` (error codes -> what to do), `client` (httpx: send one payload),
`window` (the 24-hour rule), `templates` (the registry of approved templates)
and `channel` (all of it behind the `Channel` protocol). See docs/whatsapp.md.
"""

CHANNEL = "whatsapp"
