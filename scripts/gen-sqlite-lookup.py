#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the SQLite database and the lookups of the sqlite case of
tools/testing/vm/history-bench.sh (`BENCH_HISTORY=1 make bench`).

One table t(id INTEGER PRIMARY KEY, k INTEGER, v BLOB) with an index on k,
created before the rows so that, as in a database that grew by inserts,
the index's pages interleave with the table's; ROWS rows (default 300,000:
about 90 MiB, 4 KiB pages) inserted in id order with random distinct keys.
OUT.sql holds LOOKUPS (default 1,000) point lookups
`SELECT length(v) FROM t WHERE k=...;` of existing keys in a fixed random
order: each walks the index to a leaf, then the table to the row's leaf,
two pages with no stride between one lookup's and the next's -- what a
program that looks up the same records at every start reads.

usage: gen-sqlite-lookup.py OUT.db [ROWS] [LOOKUPS]
"""
import os
import random
import sys

import sqlite_bench_db

if len(sys.argv) < 2:
    sys.exit(__doc__)
out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 300000
lookups = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
rng = random.Random(14)
keys = rng.sample(range(1, 1 << 40), rows)
db = sqlite_bench_db.create(out)
db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v BLOB)")
db.execute("CREATE INDEX tk ON t(k)")
db.executemany("INSERT INTO t VALUES(?, ?, zeroblob(250))",
               ((i + 1, k) for i, k in enumerate(keys)))
db.commit()
with open(out + ".sql.tmp", "w") as f:
    for k in rng.sample(keys, lookups):
        f.write("SELECT length(v) FROM t WHERE k=%d;\n" % k)
sqlite_bench_db.finish(db, out)
os.replace(out + ".sql.tmp", out + ".sql")
print("gen-sqlite-lookup: %s: %d rows, %d MiB; %s.sql: %d lookups" % (
    out, rows, os.path.getsize(out) >> 20, out, lookups))
