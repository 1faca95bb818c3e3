# Keras Playground, self-hosted. The install steps are the same scripts that
# `make run` and CI use (scripts/system-deps.sh, scripts/install.sh).
#   docker build -t keras-playground .
#   docker run -p 8000:8000 -v kp-data:/data keras-playground
# The image answers to any Host name (KP_ALLOWED_HOSTS="*"), so it works at once
# on localhost, an IP or a name. Exposed beyond one machine, narrow it:
#   docker run -e KP_ALLOWED_HOSTS=class.example.org,192.168.1.20 ...
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VENV=/opt/venv \
    HOST=0.0.0.0 \
    PORT=8000 \
    KP_ALLOWED_HOSTS="*" \
    KP_DATA_DIR=/data \
    KERAS_HOME=/opt/keras

WORKDIR /app

# System packages: Graphviz, for Keras's model plots.
COPY scripts/system-deps.sh scripts/system-deps.sh
RUN scripts/system-deps.sh && rm -rf /var/lib/apt/lists/*

# Python packages, into /opt/venv: the same script as `make run`.
COPY pyproject.toml README.md ./
COPY scripts ./scripts
COPY app ./app
RUN scripts/install.sh

# Keras's own data sets (MNIST, CIFAR, IMDB, ...) when the build can reach the
# internet; without it the lessons use the bundled stand-ins.
RUN /opt/venv/bin/python -m app.datasets fetch || echo "Keras data sets not fetched: the bundled stand-ins will be used"

RUN useradd --create-home --uid 10001 playground \
    && mkdir -p /data && chown playground /data
USER playground
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/opt/venv/bin/python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4).status != 200)"]

CMD ["/opt/venv/bin/python", "-m", "app"]
