-- wrk script: a multipart upload of one file (the body is built by scripts/bench-uploads).
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. os.getenv("BENCH_BOUNDARY")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
