"""Several real processes writing one SQLite file at once (shared by a test and a benchmark).

Two kinds of writer process:
* a "chatter" is `bpjstk-bot chat` fed a script on stdin, one message after another;
* a "server" is what `bpjstk-bot run` does: one process handling many people's
  messages concurrently on one event loop (`python -m tests.multiprocess_load server`),
  which is where a read cursor left open across an await used to break other
  processes' writes.
The script: questions, unknown questions (logged as unanswered), opening and
cancelling flows, STOP and MULAI (opt-out markers), /datasaya. Staff commands run
in a loop beside them. The figure that matters: how many replies were the
"Mohon maaf, terjadi kendala" error message — it must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ERROR_MARK = "terjadi kendala"
LINES = (
    "iuran jkm berapa",
    "kapan jht bisa cair",
    "resep rendang padang {n}",
    "daftar",
    "batal",
    "iuran",
    "menu",
    "berhenti",
    "mulai",
    "/datasaya",
    "jkk itu apa",
    "pertanyaan aneh nomor {n}",
)
STAFF_COMMANDS = (("leads", "list"), ("faq", "unanswered"), ("leads", "drafts"), ("migrate",))


def script(messages: int) -> str:
    return "".join(LINES[i % len(LINES)].format(n=i) + "\n" for i in range(messages))


@dataclass
class LoadResult:
    processes: int
    messages: int
    replies: int
    error_replies: int
    failed_exits: int
    staff_runs: int
    staff_failures: int
    seconds: float
    failure_output: list[str]


async def _run_module(args: list[str]) -> tuple[int, str]:
    return await _run(args, module="tests.multiprocess_load")


async def _run(args: list[str], stdin: bytes | None = None, module: str = "bot") -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    out, _ = await process.communicate(stdin)
    return process.returncode or 0, out.decode("utf-8", "replace")


async def serve_concurrently(db: Path, users: int, messages: int, name: str) -> dict[str, int]:
    """Inside one process: `users` people writing at once, `messages` each (like `run`)."""
    from bot.app import build_app
    from bot.core.models import Inbound

    app = await build_app(db)
    lines = script(messages).splitlines()
    counts = {"replies": 0, "errors": 0}

    async def person(number: int) -> None:
        for index, line in enumerate(lines):
            inbound = Inbound("telegram", f"{name}-{number}", app.clock.now(), f"{name}-{number}-{index}", text=line)
            replies = await app.engine.handle(inbound)
            counts["replies"] += len(replies)
            counts["errors"] += sum(reply.key == "core/error" for reply in replies)

    try:
        await asyncio.gather(*(person(n) for n in range(users)))
    finally:
        await app.close()
    return counts


async def run_load(db: Path, chatters: int, messages: int, servers: int = 0, users: int = 20) -> LoadResult:
    started = time.perf_counter()
    done = asyncio.Event()
    staff_runs = staff_failures = 0
    failures: list[str] = []

    async def staff_loop() -> None:
        nonlocal staff_runs, staff_failures
        number = 0
        # Staff commands read an existing database: start once a chat created it.
        for _attempt in range(600):
            if await asyncio.to_thread(db.exists):
                break
            await asyncio.sleep(0.05)
        while not done.is_set():
            status, output = await _run([*STAFF_COMMANDS[number % len(STAFF_COMMANDS)], "--db", str(db)])
            staff_runs += 1
            if status != 0 or "locked" in output:
                staff_failures += 1
                failures.append(output[-500:])
            number += 1

    staff = asyncio.create_task(staff_loop())
    body = script(messages).encode()
    chats = [_run(["chat", "--db", str(db), "--user", f"load-{n}"], body) for n in range(chatters)]
    serving = [
        _run_module(["server", "--db", str(db), "--users", str(users), "--messages", str(messages), "--name", f"s{n}"])
        for n in range(servers)
    ]
    results = await asyncio.gather(*chats, *serving)
    done.set()
    await staff
    chat_outputs = [output for _status, output in results[:chatters]]
    served = [json.loads(output.strip().splitlines()[-1]) for status, output in results[chatters:] if status == 0]
    return LoadResult(
        processes=chatters + servers,
        messages=(chatters + servers * users) * messages,
        replies=sum(output.count("\nBot: ") for output in chat_outputs) + sum(s["replies"] for s in served),
        error_replies=sum(output.count(ERROR_MARK) for output in chat_outputs) + sum(s["errors"] for s in served),
        failed_exits=sum(status != 0 for status, _output in results),
        staff_runs=staff_runs,
        staff_failures=staff_failures,
        seconds=time.perf_counter() - started,
        failure_output=failures + [output[-500:] for status, output in results if status != 0],
    )


def _server_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["server"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--name", default="s")
    args = parser.parse_args()
    counts = asyncio.run(serve_concurrently(args.db, args.users, args.messages, args.name))
    print(json.dumps(counts))


if __name__ == "__main__":
    _server_main()
