"""The Telegram channel (python-telegram-bot 22).

inbound.py   Update -> Inbound, and whether to answer at all (private chats, staff group)
outbound.py  rendered replies -> Bot API calls; the outbox sender and its error mapping
split.py     HTML-safe splitting under the 4096-character limit
channel.py   TelegramChannel: one update in, engine, replies out through the outbox
commands.py  the Indonesian command menu (setMyCommands)
staff_notifications.py  new-lead notifications to the staff group
runtime.py   PTB Application: long polling or webhook (Starlette/uvicorn), graceful shutdown
"""
