#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the SQLite database of the sqlite case of `make bench` (files plan).

Two tables, a and b, filled by interleaved inserts (one row of a, one row of
b, ...), in one transaction, 4 KiB pages.  A row of b fills a page of its
own and a leaf page of a holds 15 rows, so in the file each leaf of a is
followed by 15 pages of b: a full scan of a (`SELECT sum(v) FROM a`) reads
4 KiB every 64 KiB of the file, as a column scan of a real table whose pages
interleave with another's.  The script prints the page numbers' strides of
a's leaves (from the dbstat table when the sqlite3 build has it).

usage: gen-sqlite-db.py OUT.db [ROWS_OF_A]   (default 45000: ~190 MiB, 3,000 leaves of a)
"""
import collections
import sqlite3
import sys

import sqlite_bench_db

if len(sys.argv) < 2:
    sys.exit(__doc__)
out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 45000
db = sqlite_bench_db.create(out)
db.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, v INTEGER, pad BLOB)")
db.execute("CREATE TABLE b(id INTEGER PRIMARY KEY, v INTEGER, pad BLOB)")
for i in range(1, rows + 1):
    db.execute("INSERT INTO a VALUES(?, ?, zeroblob(250))", (i, i))
    db.execute("INSERT INTO b VALUES(?, ?, zeroblob(3000))", (i, i))
db.commit()
try:
    pages = [p for (p,) in db.execute(
        "SELECT pageno FROM dbstat WHERE name='a' AND pagetype='leaf' ORDER BY pageno")]
    strides = collections.Counter(b - a for a, b in zip(pages, pages[1:]))
    print("gen-sqlite-db: %s: %d rows in a and b, %d leaves of a, strides in pages: %s" % (
        out, rows, len(pages), ", ".join("%d x%d" % kv for kv in strides.most_common(4))))
except sqlite3.OperationalError:
    print("gen-sqlite-db: %s: %d rows in a and b (no dbstat to show the layout)" % (out, rows))
sqlite_bench_db.finish(db, out)
