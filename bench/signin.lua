-- wrk script: the password step of signing in (argon2id verification + a new session row).
wrk.method = "POST"
wrk.body = "username=demo-applicant&password=demo+passphrase+for+portail&csrf=" .. os.getenv("BENCH_CSRF")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
