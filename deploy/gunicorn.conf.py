"""Gunicorn settings for one CareerHub app server: `gunicorn -c deploy/gunicorn.conf.py careerhub.wsgi`.

Every value can be overridden on the command line (`-b 127.0.0.1:8001 -w 2`) or through the
GUNICORN_* variables below. The app server sits behind nginx, which buffers slow clients, so plain
sync workers are enough: one request per worker at a time, the pages are CPU work.
"""

import os

wsgi_app = "careerhub.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Pages are CPU-bound (templates, ORM) with short waits on PostgreSQL and Redis: a worker per core
# keeps the cores busy, one more covers those waits. More sync workers than that only queue on the CPU.
workers = int(os.environ.get("GUNICORN_WORKERS") or len(os.sched_getaffinity(0)) + 1)
worker_class = "sync"

# nginx gives up on an app server after 30 s (proxy_read_timeout); give up a little earlier here,
# so the worker is recycled before nginx answers 504.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "25"))
graceful_timeout = 20
keepalive = 5
# Workers are not recycled: measured on the cached pages, a worker replaced every 5,000 requests cost a
# quarter of the throughput and held requests up to 0.9 s (p99) while its successor started. Set
# GUNICORN_MAX_REQUESTS only if a worker is ever seen to grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# One line per request on stdout, with the request id nginx generated ($request_id, sent as
# X-Request-ID), so a line in nginx's log and a line here can be matched.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = 'request_id=%({x-request-id}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'

# Only nginx on this machine may tell gunicorn about the original scheme and client.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
