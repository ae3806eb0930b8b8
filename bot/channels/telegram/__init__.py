"""The Telegram channel (python-telegram-bot 22) on the Channel protocol (bot/channels/base.py).

inbound.py   Update -> Inbound, and whether to answer at all (private chats, staff group)
outbound.py  rendered replies -> Bot API payloads (text, keyboards, photos and documents)
client.py    one payload -> one Bot API call, its result classified (429, 403, network)
split.py     HTML-safe splitting under the 4096-character limit
channel.py   TelegramChannel: parse stored updates, render replies, send payloads
polling.py   getUpdates: every update stored in SQLite before its offset is confirmed
webhook.py   the Starlette route: secret checked, update stored, then 200
commands.py  the Indonesian command menu (setMyCommands)
"""
