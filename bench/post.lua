-- wrk script: the same POST each time, its body from BENCH_BODY (the reference's /commit needs none).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or ""
