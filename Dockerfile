# Planvakt's Slack bot: the README's install («pip install .[bot]») and «planvakt serve».
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY linting ./linting
COPY rules ./rules
COPY bot ./bot
RUN pip install ".[bot]" && rm -rf /src

# A non-root user; the store (sqlite:///planvakt.db by default) and caches live in /data.
RUN useradd --create-home --uid 10001 planvakt && mkdir /data && chown planvakt /data
USER planvakt
WORKDIR /data
ENV PLANVAKT_CACHE_DIR=/data/.cache \
    PORT=3000
EXPOSE 3000
VOLUME ["/data"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3000')}/health\", timeout=4)"]

CMD ["planvakt", "serve"]
