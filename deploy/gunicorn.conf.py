"""gunicorn settings for LRBA's application servers (`gunicorn -c deploy/gunicorn.conf.py
config.wsgi:application`). Each server sits behind Caddy (deploy/Caddyfile) on a private
address; every value can be changed through the environment.

GUNICORN_BIND     where to listen (default 127.0.0.1:8000; 0.0.0.0:8000 in a container)
GUNICORN_WORKERS  worker processes (default 2 × CPU cores + 1)
GUNICORN_TIMEOUT  seconds a request may take before its worker is restarted (default 60:
                  certificates and minutes are rendered to PDF within the request)
"""

import multiprocessing
import os

bind = [address for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Synchronous workers: each request has its process; Caddy buffers slow clients.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after about a thousand requests, so slow leaks cannot build up.
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files in memory: a container's overlay file system can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Two servers on one machine would otherwise share ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True
# X-Forwarded-Proto decides wsgi.url_scheme only from the proxy (Django reads it through
# SECURE_PROXY_SSL_HEADER with DJANGO_SECURE=1; the client's address is lrba.core.http's
# business, from LRBA_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("LRBA_TRUSTED_PROXIES", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%({x-forwarded-for}i)s" "%(r)s" %(s)s %(b)s %(M)sms'
