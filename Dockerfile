# Berth's container image, built from source:
#   docker build -t berth .
#   docker run -d -p 5000:5000 -v berth-data:/data berth
# The base images are build arguments: builds that cannot reach Docker Hub pass their own
# (ContainerImageIT builds both from Debian packages).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies and plugins first, from the poms alone, in a layer that only a pom change rebuilds.
COPY pom.xml ./
COPY storage-api/pom.xml storage-api/
COPY storage-fs/pom.xml storage-fs/
COPY storage-s3/pom.xml storage-s3/
COPY registry-server/pom.xml registry-server/
COPY conformance/pom.xml conformance/
# The repository path is our own: a base image that declares ~/.m2 a volume would drop it between steps.
RUN mvn -B -q -Dmaven.repo.local=/build/repository -DskipTests -pl registry-server -am package
COPY . .
# Offline: everything the build needs is in the layer above.
RUN mvn -B -q -o -Dmaven.repo.local=/build/repository -DskipTests -pl registry-server -am package

FROM ${RUNTIME_IMAGE}
# A fixed uid and gid, so volumes and bind mounts can be prepared for them. Written into the
# account files directly: slim bases do not all have useradd.
RUN echo 'berth:x:10001:10001:Berth:/data:/usr/sbin/nologin' >> /etc/passwd \
    && echo 'berth:x:10001:' >> /etc/group \
    && mkdir -p /data \
    && chown 10001:10001 /data
COPY --from=build /src/registry-server/target/berth.jar /opt/berth/berth.jar
# Class data sharing: one training start records the classes a serving Berth loads into
# /opt/berth/berth.jsa, which every start then maps instead of loading each class from the jar
# (about 40% of the time to the first answer). Made with the flags of JAVA_OPTS below: an archive
# only serves a JVM started with the same heap and GC settings, and is ignored otherwise. The
# training start reads a config file, so that the archive also holds what reading one takes.
RUN printf 'listen: 127.0.0.1:5000\nstorage: /tmp/berth-training\nlog:\n  format: text\n' > /tmp/berth-training.yml; \
    java -XX:ArchiveClassesAtExit=/opt/berth/berth.jsa -XX:+UseSerialGC -Xmx128m \
        -jar /opt/berth/berth.jar serve --config /tmp/berth-training.yml > /tmp/berth-training.log 2>&1 & \
    pid=$!; \
    for i in $(seq 150); do \
        BERTH_LISTEN=127.0.0.1:5000 java -Xshare:off -jar /opt/berth/berth.jar health > /dev/null 2>&1 && break; \
        sleep 0.2; \
    done; \
    kill $pid; wait $pid; \
    if [ ! -s /opt/berth/berth.jsa ]; then cat /tmp/berth-training.log; echo "no class data archive was written" >&2; exit 1; fi; \
    rm -rf /tmp/berth-training /tmp/berth-training.yml /tmp/berth-training.log
# Owned by berth before it becomes a volume: a new named volume starts as a copy of it.
VOLUME /data
USER 10001:10001
# Relative paths (such as auth.token.key's default) land in the volume too.
WORKDIR /data
ENV BERTH_STORAGE=/data/registry BERTH_LISTEN=0.0.0.0:5000
EXPOSE 5000
# berth health asks /healthz on the port BERTH_LISTEN names; a small, quick JVM for it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-jar", "/opt/berth/berth.jar", "health"]
# The recommended JVM settings (README "JVM settings"): a small heap that blob bytes never pass
# through, Serial GC, and out of memory the process exits for the orchestrator to restart it; and
# the class data archive made above. Replace them with docker run -e JAVA_OPTS=...
ENV JAVA_OPTS="-XX:+UseSerialGC -Xmx128m -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/opt/berth/berth.jsa"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/berth/berth.jar \"$@\"", "berth"]
CMD ["serve"]
