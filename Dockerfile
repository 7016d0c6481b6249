# polyonym: entity resolution for transliterated names.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    POLYONYM_DATABASE_URL=sqlite:////data/polyonym.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
# the compiled retrieval sums and scores (numba) are compiled here, as root, into the package's
# cache, so that the server's workers only load them
RUN pip install . && cd / && python -c "from service.matching import compiled_scores as s, compiled_sums as r; r.compile_now(); s.compile_now()" \
    && useradd --create-home --uid 10001 polyonym \
    && mkdir -p /data && chown polyonym:polyonym /data

USER polyonym
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
CMD ["polyonym", "serve", "--bind", "0.0.0.0:8000"]
