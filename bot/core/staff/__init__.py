"""The staff desk: who is staff, lead follow-up, the numbers and exports, all channel-agnostic.

Storage and file formats come in through the protocols in `ports.py`; `desk.py`
answers staff commands in chat, `bot/commands/leads.py` and `stats.py` on the CLI.
"""
