"""psycopg2 under eventlet: (a) psycogreen, (b) eventlet.tpool, (c) plain blocking.

    createdb -h 127.0.0.1 -U postgres bench_scratch   # once
    .venv/bin/python bench/pg_driver/run.py

Each mode runs in its own subprocess (monkey patching is process-global).
(a') is eventlet.monkey_patch() with defaults, which already greens psycopg2.
  sleep : 20 green threads x 10 x SELECT pg_sleep(0.05)   (ideal with 10 conns: ~1.0 s)
  insert: 20 green threads x 200 x (INSERT one row + COMMIT)
SQLAlchemy 2 engine, QueuePool pool_size=10, max_overflow=0. A ticker green
thread (sleep 10 ms) records the worst hub stall: how long other green threads
(HTTP, AMQP heartbeats) would be starved.
"""

import argparse
import subprocess
import sys
import time

URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/bench_scratch"
GREENLETS, SLEEPS, INSERTS = 20, 10, 200
MODES = {
    "psycogreen": "(a) psycopg2 + psycogreen",
    "eventlet": "(a') eventlet's own psycopg patch",
    "tpool": "(b) psycopg2 in eventlet.tpool",
    "blocking": "(c) psycopg2 blocking",
}


def bench(mode):
    import eventlet

    # GOTCHA: eventlet.monkey_patch() with defaults ALSO makes psycopg2 green
    # (patcher option psycopg=True sets psycopg2's wait callback). Only
    # psycopg=False gives a really blocking driver. (Never pass psycopg=True:
    # any explicit True makes monkey_patch patch ONLY the named modules.)
    if mode == "eventlet":
        eventlet.monkey_patch()
    else:
        eventlet.monkey_patch(psycopg=False)
    if mode == "psycogreen":
        from psycogreen.eventlet import patch_psycopg

        patch_psycopg()
    import psycopg2.extensions

    cb = psycopg2.extensions.get_wait_callback()
    print(f"{MODES[mode]:34} wait callback: {cb.__module__ + '.' + cb.__name__ if cb else None}")
    from eventlet import tpool
    from sqlalchemy import create_engine, text

    engine = create_engine(URL, pool_size=10, max_overflow=0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_rows "
                "(id bigserial PRIMARY KEY, worker int, payload text)"
            )
        )
        conn.execute(text("TRUNCATE bench_rows"))

    # (b): pool checkout stays in the green thread, the blocking driver call
    # goes to a real OS thread
    run = tpool.execute if mode == "tpool" else (lambda fn, *a: fn(*a))

    def sleeper(_):
        for _ in range(SLEEPS):
            with engine.connect() as conn:
                run(lambda: conn.execute(text("SELECT pg_sleep(0.05)")).all())

    def inserter(worker):
        for i in range(INSERTS):
            with engine.connect() as conn:

                def work(conn=conn, i=i):
                    conn.execute(
                        text("INSERT INTO bench_rows (worker, payload) VALUES (:w, :p)"),
                        {"w": worker, "p": f"row {i}"},
                    )
                    conn.commit()

                run(work)

    def measure(fn):
        stall = [0.0]
        stop = [False]

        def ticker():
            last = time.perf_counter()
            while not stop[0]:
                eventlet.sleep(0.01)
                now = time.perf_counter()
                stall[0] = max(stall[0], now - last - 0.01)
                last = now

        tick = eventlet.spawn(ticker)
        eventlet.sleep(0)
        t0 = time.perf_counter()
        pool = eventlet.GreenPool(GREENLETS)
        list(pool.imap(fn, range(GREENLETS)))
        dt = time.perf_counter() - t0
        stop[0] = True
        tick.wait()
        return dt, stall[0]

    with engine.connect() as conn:  # warm the pool
        conn.execute(text("SELECT 1"))
    dt, stall = measure(sleeper)
    n = GREENLETS * SLEEPS
    print(
        f"{MODES[mode]:34} sleep : {dt:6.2f} s  {n / dt:7.1f} queries/s  "
        f"max hub stall {stall * 1000:6.0f} ms"
    )
    dt, stall = measure(inserter)
    n = GREENLETS * INSERTS
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM bench_rows")).scalar() == n
    print(
        f"{MODES[mode]:34} insert: {dt:6.2f} s  {n / dt:7.1f} commits/s  "
        f"max hub stall {stall * 1000:6.0f} ms"
    )
    engine.dispose()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=MODES)
    args = ap.parse_args()
    if args.mode:
        bench(args.mode)
    else:
        for mode in MODES:
            subprocess.run([sys.executable, "-W", "ignore", __file__, "--mode", mode], check=True)
