#!/usr/bin/env bash
# Makes the sandbox's key material in deploy/compose/secrets/ (git-ignored, never committed), one folder
# per container, laid out as docker-compose.yml mounts it:
#   - a Kafka CA (keytool) issuing the broker's certificate and one client certificate per service
#     (CN=lumee-<service>, the same principals as the KafkaUsers in k8s/): mutual TLS 1.3 to the broker;
#   - the device CA and the edge-gateway's server certificate, from `lumee-admin ca init` / `ca server-cert`;
#   - an HKDF master secret (version 1), the patient-key HMAC key, the archive's raw AES key, MinIO's
#     root credentials and its KMS key.
# Needs a JDK 17+ (keytool) and the CLI: mvn -B -pl admin-cli -am package -DskipTests
# Sandbox only: the files are made readable by the containers' non-root users.
set -euo pipefail
cd "$(dirname "$0")"
admin_jar=${LUMEE_ADMIN_JAR:-../../admin-cli/target/lumee-admin.jar}
out=secrets
validity_days=397

[ -f "$admin_jar" ] || { echo "make-certs: $admin_jar missing; build it: mvn -B -pl admin-cli -am package -DskipTests" >&2; exit 2; }
command -v keytool >/dev/null || { echo "make-certs: keytool (a JDK 17+) is not on PATH" >&2; exit 2; }
[ ! -e "$out" ] || { echo "make-certs: $out/ exists; delete it to make new material (the running sandbox keeps the old)" >&2; exit 2; }

umask 077
mkdir -p "$out/ca"
random_text() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
secret_file() { random_text 24 | tr -d '/+=' > "$1"; }

# --- the Kafka CA and its trust store ---------------------------------------------------------------
secret_file "$out/ca/kafka-ca.password"
keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=Lumee sandbox Kafka CA" \
  -ext bc:c=ca:true,pathlen:0 -ext KeyUsage:c=keyCertSign,cRLSign -validity 825 \
  -keystore "$out/ca/kafka-ca.p12" -storetype PKCS12 -storepass:file "$out/ca/kafka-ca.password"
keytool -exportcert -rfc -alias ca -keystore "$out/ca/kafka-ca.p12" -storepass:file "$out/ca/kafka-ca.password" \
  > "$out/ca/kafka-ca.crt"
secret_file "$out/ca/kafka-truststore.password"
keytool -importcert -noprompt -alias kafka-ca -file "$out/ca/kafka-ca.crt" \
  -keystore "$out/ca/kafka-truststore.p12" -storetype PKCS12 -storepass:file "$out/ca/kafka-truststore.password"

# issue <store> <common name> <dns name>: a P-256 key and a certificate for TLS server and client use
issue() {
  local store=$1 name=$2 dns=$3
  secret_file "$store.password"
  keytool -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -dname "CN=$name" \
    -keystore "$store.p12" -storetype PKCS12 -storepass:file "$store.password"
  keytool -certreq -alias "$name" -keystore "$store.p12" -storepass:file "$store.password" \
    | keytool -gencert -rfc -alias ca -keystore "$out/ca/kafka-ca.p12" -storepass:file "$out/ca/kafka-ca.password" \
        -ext "SAN=dns:$dns,dns:localhost" -ext EKU=serverAuth,clientAuth -ext KeyUsage:c=digitalSignature \
        -validity "$validity_days" > "$store.crt"
  keytool -importcert -noprompt -alias ca -file "$out/ca/kafka-ca.crt" -keystore "$store.p12" -storepass:file "$store.password"
  keytool -importcert -noprompt -alias "$name" -file "$store.crt" -keystore "$store.p12" -storepass:file "$store.password"
  rm "$store.crt"
}

# --- the broker: the apache/kafka image reads /etc/kafka/secrets -------------------------------------
mkdir -p "$out/kafka"
issue "$out/kafka/kafka" kafka kafka
cp "$out/ca/kafka-truststore.p12" "$out/ca/kafka-truststore.password" "$out/kafka/"

# --- one folder per program, mounted at /etc/lumee ---------------------------------------------------
for program in edge-gateway stream-processor fhir-sink hl7-bridge archive-sink admin; do
  mkdir -p "$out/$program"
  issue "$out/$program/kafka-client" "lumee-$program" "$program"
  cp "$out/ca/kafka-truststore.p12" "$out/ca/kafka-truststore.password" "$out/$program/"
done

# --- the device CA and the gateway's server certificate (lumee-admin) ---------------------------------
secret_file "$out/device-ca.password"
secret_file "$out/edge-gateway/device-truststore.password"
java -jar "$admin_jar" ca init --dir "$out/device-ca" --name "Lumee sandbox device CA" \
  --password-file "$out/device-ca.password" --truststore-password-file "$out/edge-gateway/device-truststore.password"
cp "$out/device-ca/truststore.p12" "$out/edge-gateway/device-truststore.p12"
secret_file "$out/edge-gateway/tls.password"
java -jar "$admin_jar" ca server-cert --ca-dir "$out/device-ca" --ca-password-file "$out/device-ca.password" \
  --name edge-gateway --dns edge-gateway --dns localhost \
  --out "$out/edge-gateway/tls.p12" --store-password-file "$out/edge-gateway/tls.password"

# --- pipeline secrets ---------------------------------------------------------------------------------
random_text 32 > "$out/stream-processor/master-1.b64"
random_text 32 > "$out/stream-processor/patient.key"
cp "$out/stream-processor/master-1.b64" "$out/stream-processor/patient.key" "$out/admin/"
random_text 32 > "$out/archive-sink/archive.key"
mkdir -p "$out/minio"
printf 'lumee-sandbox' > "$out/minio/access_key"
secret_file "$out/minio/secret_key"
printf 'lumee-sse:%s' "$(random_text 32)" > "$out/minio/kms_master_key"
cp "$out/minio/access_key" "$out/minio/secret_key" "$out/archive-sink/"
cp "$out/archive-sink/archive.key" "$out/minio/access_key" "$out/minio/secret_key" "$out/admin/"
# the toolbox provisions devices: it needs the device CA (`device provision --ca-dir`) in the sandbox
cp -r "$out/device-ca" "$out/device-ca.password" "$out/admin/"
secret_file "$out/admin/device-store.password"

# the containers run as non-root users other than yours: let them read (sandbox material only)
find "$out" -type d -exec chmod 755 {} +
find "$out" -type f -exec chmod 644 {} +
chmod 700 "$out/ca" "$out/device-ca"
echo "make-certs: sandbox key material in $(pwd)/$out"
