"""A fake of the WhatsApp Cloud API for tests and benchmarks (in-process or on 127.0.0.1).

`cloudapi.CloudApi` is the model: payload limits with Meta's error shapes
(`validate`), media uploads and the files messages refer to (`media`),
throughput and pair-rate errors, the 24-hour window, approved templates,
injected faults, and status callbacks in configurable order with duplicates.
`server` serves it (an ASGI app, a loopback server in the test's loop or on a
thread) and POSTs signed webhooks to the bot; `events` builds Meta's webhook
bodies; `driver.WaUser` is a simulated user. Tests never call Meta.
"""
