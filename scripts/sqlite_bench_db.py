# SPDX-License-Identifier: GPL-2.0
"""What the benchmark databases' generators share (scripts/gen-sqlite-*.py):
a new database written under OUT.tmp, 4 KiB pages, no journal, renamed to
OUT only once it is complete, so an interrupted run never leaves a short
database that a later `make bench` would take for a finished one."""
import os
import sqlite3


def create(out):
    """A connection to a new, empty OUT.tmp; finish() moves it to OUT."""
    tmp = out + ".tmp"
    if os.path.exists(tmp):
        os.unlink(tmp)
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA page_size=4096")
    db.execute("PRAGMA journal_mode=OFF")
    return db


def finish(db, out):
    db.close()
    os.replace(out + ".tmp", out)
