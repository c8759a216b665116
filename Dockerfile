# ParkDesk in two stages: built with the Swift toolchain, run on slim Debian with only the binary, its resource
# bundles, the SQL migrations and what the binary calls (libvips's tools for photos, pg_dump/pg_restore for
# backups). Docker does not run on our machines: scripts/deploy-check lints this file (hadolint).
FROM swift:6.3-bookworm AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libxlsxwriter-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --static-swift-stdlib --product parkdesk \
    && mkdir /out \
    && cp "$(swift build -c release --show-bin-path)/parkdesk" /out/ \
    && cp -R "$(swift build -c release --show-bin-path)"/*.resources /out/

FROM debian:bookworm-slim
# Debian's versions move with security updates; the release (bookworm) is what is pinned
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata curl libvips-tools libxlsxwriter4 \
       postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/parkdesk --create-home parkdesk
WORKDIR /var/lib/parkdesk
COPY --from=build /out/ /opt/parkdesk/
COPY sql /opt/parkdesk/sql
ENV PARKDESK_SQL_DIR=/opt/parkdesk/sql \
    PARKDESK_MEDIA_DIR=/var/lib/parkdesk/media \
    PARKDESK_PG_BINDIR=/usr/lib/postgresql/15/bin \
    PARKDESK_HOST=0.0.0.0 \
    PARKDESK_PORT=8080 \
    TZ=Asia/Shanghai
# the user made above (a name: the image's own /etc/passwd resolves it)
# hadolint ignore=DL3066
USER parkdesk
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["curl", "-fsS", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/opt/parkdesk/parkdesk"]
CMD ["serve"]
