"""Many processes writing one SQLite file: error replies, throughput.

    PYTHONPATH=. .venv/bin/python benchmarks/multiprocess_writers.py [--chatters 2] [--servers 2] [--users 20]
        [--messages 40]

Starts `bpjstk-bot chat` processes and "server" processes (many people at once on
one event loop, as `bpjstk-bot run` handles them) on one fresh database, each
person sending the same mix of messages (questions, unknown questions, flows opened
and cancelled, STOP/MULAI, /datasaya), while staff commands (`leads list`, `faq unanswered`, `leads drafts`,
`migrate`) run in a loop beside them. Prints how many replies were the error
message (the target is 0).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from tests.multiprocess_load import run_load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chatters", type=int, default=2)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--users", type=int, default=20, help="people per server process")
    parser.add_argument("--messages", type=int, default=40, help="messages per person")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bpjstk-mp-") as tmp:
        result = asyncio.run(
            run_load(Path(tmp) / "shared.sqlite3", args.chatters, args.messages, args.servers, args.users)
        )
    print(
        f"{args.chatters} chat + {args.servers} server processes ({args.users} people each), "
        f"{args.messages} messages per person = {result.messages} messages, "
        f"{result.replies} replies, {result.error_replies} error replies, {result.failed_exits} failed exits; "
        f"{result.staff_runs} staff commands beside them, {result.staff_failures} failed; "
        f"{result.seconds:.1f} s ({result.messages / result.seconds:.0f} messages/s overall)"
    )


if __name__ == "__main__":
    main()
