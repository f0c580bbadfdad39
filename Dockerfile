# Runs Berth from the jar built by `mvn -B -DskipTests package`:
#   docker build -t berth . && docker run -p 5000:5000 -v berth-data:/data berth
FROM eclipse-temurin:17-jre
COPY registry-server/target/berth.jar /opt/berth/berth.jar
VOLUME /data
EXPOSE 5000
ENV BERTH_STORAGE=/data BERTH_LISTEN=0.0.0.0:5000
ENTRYPOINT ["java", "-jar", "/opt/berth/berth.jar"]
CMD ["serve"]
