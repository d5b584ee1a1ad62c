#!/usr/bin/env python3
"""Peer for issue #8's board-search benchmark: the same synthetic documents and queries as the engine's run, answered
by SQLite FTS5 with bm25() through python3's sqlite3 (in memory). English columns use the porter+unicode61 tokenizer;
Japanese columns use the trigram tokenizer when this SQLite has it (3.34+), else unicode61. Each query does what the
engine's board search does: the text match (or every document), the access filter (keys the reader may see), the
facet filters, the total, a sorted page of 25, and the seven facets each counted with its own filter left out.
Prints "RESULT fts5 ..." lines with wall and thread-CPU percentiles.

    matching_fts5.py DOCS.jsonl QUERIES.jsonl
"""
import json
import re
import sqlite3
import sys
import time

VISIBLE = (0, 1, 2)  # the benchmark reader sees keys 0-2 (MatchingGenerator.CanSee)


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, -(-len(s) * p // 100) - 1))]


def main(docs_path, queries_path):
    db = sqlite3.connect(":memory:")
    trigram = True
    try:
        db.execute("CREATE VIRTUAL TABLE probe USING fts5(a, tokenize='trigram')")
        db.execute("DROP TABLE probe")
    except sqlite3.OperationalError:
        trigram = False
    ja_tokenizer = "trigram" if trigram else "unicode61"
    t0 = time.perf_counter()
    c0 = time.thread_time()
    db.executescript(f"""
        CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, program_id TEXT, funding TEXT, path TEXT, status TEXT,
                          need_by TEXT, need_year TEXT, published TEXT, key INTEGER, title TEXT);
        CREATE TABLE nation(doc INTEGER, nation TEXT);
        CREATE TABLE cap(doc INTEGER, code TEXT);
        CREATE VIRTUAL TABLE fts_en USING fts5(title_en, description_en, caps_en, program, tokenize='porter unicode61');
        CREATE VIRTUAL TABLE fts_ja USING fts5(title_ja, description_ja, caps_ja, tokenize='{ja_tokenizer}');
    """)
    n = 0
    with open(docs_path, encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            d = json.loads(line)
            db.execute("INSERT INTO meta VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (i, d["id"], d["program_id"], d["funding"], d["path"], d["status"], d["need_by"],
                        d["need_by"][:4] if d["need_by"] else None, d["published"], d["key"], d["title_en"]))
            db.executemany("INSERT INTO nation VALUES (?,?)", [(i, x) for x in d["nations"]])
            db.executemany("INSERT INTO cap VALUES (?,?)", [(i, x) for x in d["codes"]])
            db.execute("INSERT INTO fts_en(rowid, title_en, description_en, caps_en, program) VALUES (?,?,?,?,?)",
                       (i, d["title_en"], d["description_en"], d["caps_en"], d["program"]))
            db.execute("INSERT INTO fts_ja(rowid, title_ja, description_ja, caps_ja) VALUES (?,?,?,?)",
                       (i, d["title_ja"], d["description_ja"], d["caps_ja"]))
            n = i
    db.executescript("""
        CREATE INDEX nation_doc ON nation(doc, nation); CREATE INDEX cap_doc ON cap(doc, code);
        CREATE INDEX meta_program ON meta(program_id); CREATE INDEX meta_need ON meta(need_by); CREATE INDEX meta_published ON meta(published);
        INSERT INTO fts_en(fts_en) VALUES('optimize'); INSERT INTO fts_ja(fts_ja) VALUES('optimize');
        CREATE TEMP TABLE hits(rowid INTEGER PRIMARY KEY, score REAL);
    """)
    build_s = time.perf_counter() - t0
    build_cpu = time.thread_time() - c0
    print(f"fts5: {n:,} documents loaded and indexed in {build_s:.2f} s ({build_cpu:.2f} s thread CPU); "
          f"SQLite {sqlite3.sqlite_version}, Japanese tokenizer {ja_tokenizer}")
    print(f"RESULT fts5_build build_s={build_s:.3f} build_cpu_s={build_cpu:.3f} docs={n} sqlite={sqlite3.sqlite_version} ja={ja_tokenizer}")

    queries = [json.loads(line) for line in open(queries_path, encoding="utf-8")]
    visible = f"m.key IN ({','.join(map(str, VISIBLE))})"
    facets = {
        "program": ("m.program_id", ""),
        "nation": ("n.nation", "JOIN nation n ON n.doc = m.rowid"),
        "capability": ("c.code", "JOIN cap c ON c.doc = m.rowid"),
        "fundingStatus": ("m.funding", ""),
        "contractingPath": ("m.path", ""),
        "status": ("m.status", ""),
        "needByYear": ("m.need_year", ""),
    }
    order = {"relevance": "h.score ASC, m.id", "needBy": "m.need_by IS NULL, m.need_by, m.id",
             "-needBy": "m.need_by IS NULL, m.need_by DESC, m.id", "published": "m.published IS NULL, m.published DESC, m.id",
             "title": "lower(m.title), m.id"}
    walls, cpus, by_kind, skipped_short = [], [], {}, 0

    def inlist(values):
        return "(" + ",".join("?" * len(values)) + ")", list(values)

    for q in queries:
        w0, c0 = time.perf_counter(), time.thread_time()
        filters = {}
        if q.get("programs"):
            s, a = inlist(q["programs"]); filters["program"] = (f"m.program_id IN {s}", a)
        if q.get("nations"):
            s, a = inlist(q["nations"]); filters["nation"] = (f"EXISTS (SELECT 1 FROM nation x WHERE x.doc = m.rowid AND x.nation IN {s})", a)
        if q.get("capabilities"):
            s, a = inlist(q["capabilities"]); filters["capability"] = (f"EXISTS (SELECT 1 FROM cap x WHERE x.doc = m.rowid AND x.code IN {s})", a)
        if q.get("funding"):
            s, a = inlist(q["funding"]); filters["fundingStatus"] = (f"m.funding IN {s}", a)
        if q.get("statuses"):
            s, a = inlist(q["statuses"]); filters["status"] = (f"m.status IN {s}", a)
        if q.get("need_from") or q.get("need_to"):
            filters["needByYear"] = ("m.need_by IS NOT NULL AND m.need_by >= ? AND m.need_by <= ?",
                                     [q.get("need_from") or "0000-00-00", q.get("need_to") or "9999-99-99"])
        if q.get("text"):
            db.execute("DELETE FROM hits")
            words = q["text"].split()
            latin = [w for w in words if re.fullmatch(r"[\x00-\x7f]+", w)]
            cjk = [w for w in words if w not in latin]
            if trigram:
                skipped_short += sum(1 for w in cjk if len(w) < 3)
                cjk = [w for w in cjk if len(w) >= 3]
            parts = []
            if latin:
                parts.append(("SELECT rowid, bm25(fts_en, 2.0, 1.0, 1.0, 1.0) AS s FROM fts_en WHERE fts_en MATCH ?",
                              " OR ".join('"' + w.replace('"', '') + '"' for w in latin)))
            if cjk:
                parts.append(("SELECT rowid, bm25(fts_ja, 2.0, 1.0, 1.0) AS s FROM fts_ja WHERE fts_ja MATCH ?",
                              " OR ".join('"' + w.replace('"', '') + '"' for w in cjk)))
            for sql, arg in parts:
                db.execute(f"INSERT INTO hits {sql} AND true ON CONFLICT(rowid) DO UPDATE SET score = score + excluded.score", [arg])
            source = "hits h JOIN meta m ON m.rowid = h.rowid"
        else:
            source = "meta m JOIN (SELECT 0 AS score) h"

        def where(leave_out=None):
            clauses, args = [visible], []
            for name, (sql, a) in filters.items():
                if name != leave_out:
                    clauses.append(sql); args += a
            return " AND ".join(clauses), args

        wsql, wargs = where()
        total = db.execute(f"SELECT count(*) FROM {source} WHERE {wsql}", wargs).fetchone()[0]
        db.execute(f"SELECT m.id FROM {source} WHERE {wsql} ORDER BY {order[q['sort']]} LIMIT ? OFFSET ?",
                   wargs + [q["limit"], q["offset"]]).fetchall()
        for name, (column, join) in facets.items():
            fsql, fargs = where(name)
            db.execute(f"SELECT {column}, count(*) FROM {source} {join} WHERE {fsql} AND {column} IS NOT NULL GROUP BY {column}", fargs).fetchall()
        wall_ms = (time.perf_counter() - w0) * 1000
        cpu_ms = (time.thread_time() - c0) * 1000
        walls.append(wall_ms)
        cpus.append(cpu_ms)
        by_kind.setdefault(q["kind"], []).append(wall_ms)
        _ = total

    print(f"fts5 board search, {len(walls):,} queries (total, page of 25, 7 facets with the own-filter rule): "
          f"p50 {pct(walls, 50):.1f} ms, p95 {pct(walls, 95):.1f} ms, max {max(walls):.1f} ms")
    print(f"  thread CPU time of the same: p50 {pct(cpus, 50):.1f} ms, p95 {pct(cpus, 95):.1f} ms, max {max(cpus):.1f} ms")
    for kind in sorted(by_kind):
        v = by_kind[kind]
        print(f"  {kind}: {len(v):,} queries: p50 {pct(v, 50):.1f} ms, p95 {pct(v, 95):.1f} ms, max {max(v):.1f} ms")
    if skipped_short:
        print(f"  ({skipped_short:,} Japanese query words shorter than 3 characters could not be searched by the trigram tokenizer and were dropped)")
    print(f"RESULT fts5 n={len(walls)} p50={pct(walls, 50):.2f} p95={pct(walls, 95):.2f} max={max(walls):.2f} "
          f"cpu_p50={pct(cpus, 50):.2f} cpu_p95={pct(cpus, 95):.2f} dropped_short={skipped_short}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
