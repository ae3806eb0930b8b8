"""A small Telegram Bot API emulator for tests and benchmarks (loopback only).

`botapi.BotApi` is the model: users, chats, messages, updates, recorded calls
and injected faults (429 with retry_after, 403). `fake_request.FakeRequest`
plugs it into PTB in-process; `server.Emulator` serves it over HTTP on
127.0.0.1 with long polling, for the real `bpjstk-bot run` process.
"""
