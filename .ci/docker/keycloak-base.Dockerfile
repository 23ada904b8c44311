# CI stand-in for quay.io/keycloak/keycloak, built from Debian packages and the distribution on Maven Central.
# Same layout as the official image: /opt/keycloak owned by 1000:0, user 1000, kc.sh as the entrypoint.
FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless curl >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY keycloak.tar.gz /tmp/keycloak.tar.gz
RUN mkdir -p /opt/keycloak \
 && tar -xzf /tmp/keycloak.tar.gz -C /opt/keycloak --strip-components=1 \
 && rm /tmp/keycloak.tar.gz \
 && mkdir -p /opt/keycloak/data \
 && chown -R 1000:0 /opt/keycloak \
 && chmod -R g+rwX /opt/keycloak
# As in the official image: kc.sh sizes the heap for a container, and dev mode listens on all interfaces.
ENV LANG=en_US.UTF-8 KC_RUN_IN_CONTAINER=true
USER 1000
EXPOSE 8080 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
