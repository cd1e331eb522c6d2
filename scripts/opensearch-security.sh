# Secured mode of scripts/opensearch.sh (OPENSEARCH_SECURITY=1); sourced by it, not run.
#
# The node gets the OpenSearch security plugin from Maven Central
# (org.opensearch.plugin:opensearch-security:<version>.0:zip), TLS on HTTP and transport
# with certificates made here with openssl (a throw-away CA per start), and HTTP basic
# authentication with one user, `admin` (all_access), whose password is
# $OPENSEARCH_ADMIN_PASSWORD. The security index is initialised from the plugin's own
# default configuration (plugins.security.allow_default_init_securityindex).
#
# The plugin must match the server version exactly, and Maven Central has no
# opensearch-security 2.19.5.0 or 2.19.6.0, so the secured node runs OpenSearch
# $OPENSEARCH_SECURE_VERSION (default 2.19.4), not the plain node's version.
#
# Left in the state directory for the test setup: `url` (https://...) and `root-ca.pem`.

OPENSEARCH_VERSION="${OPENSEARCH_SECURE_VERSION:-2.19.4}"
SECURITY_PLUGIN_VERSION="$OPENSEARCH_VERSION.0"
ADMIN_PASSWORD="${OPENSEARCH_ADMIN_PASSWORD:-usage-delta-Test-9f3c}"
JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx512m}"
SCHEME=https
DIST_SUFFIX="-security"

# install_security_plugin <home of the unpacked distribution> <scratch dir>
install_security_plugin() {
  local home="$1" tmp="$2"
  local artifact="org.opensearch.plugin:opensearch-security:$SECURITY_PLUGIN_VERSION:zip"
  log "fetching $artifact with Maven"
  if ! mvn -q -B -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" \
      -Dartifact="$artifact" -DoutputDirectory="$tmp/plugin" </dev/null >"$tmp/mvn-plugin.log" 2>&1; then
    tail -n 30 "$tmp/mvn-plugin.log" >&2 || true
    die "Maven could not fetch $artifact (set OPENSEARCH_SECURE_VERSION to a version published on Maven Central)"
  fi
  log "installing the security plugin"
  JAVA_HOME="$(find_java_home)" OPENSEARCH_JAVA_HOME="$(find_java_home)" \
    "$home/bin/opensearch-plugin" install --batch \
    "file://$tmp/plugin/opensearch-security-$SECURITY_PLUGIN_VERSION.zip" >&2 \
    || die "opensearch-plugin could not install the security plugin"
}

# make_certificates <config dir>: a CA and a node certificate for 127.0.0.1 / localhost
make_certificates() {
  local dir="$1"
  command -v openssl >/dev/null 2>&1 || die "openssl not found on PATH (needed for the secured node's certificates)"
  (
    set -e
    cd "$dir"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out root-ca-key.pem 2>/dev/null
    openssl req -x509 -new -key root-ca-key.pem -sha256 -days 30 \
      -subj "/O=usage-delta test/CN=usage-delta test CA" -out root-ca.pem
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out node-key.pem 2>/dev/null
    openssl req -new -key node-key.pem -subj "/O=usage-delta test/CN=node" -out node.csr
    printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' \
      'extendedKeyUsage=serverAuth,clientAuth' 'subjectAltName=DNS:localhost,IP:127.0.0.1' >node.ext
    openssl x509 -req -in node.csr -CA root-ca.pem -CAkey root-ca-key.pem -CAcreateserial \
      -sha256 -days 30 -extfile node.ext -out node.pem 2>/dev/null
    rm -f node.csr node.ext root-ca.srl root-ca-key.pem
  ) || die "openssl could not make the certificates"
}

# secure_config <instance home> <distribution home>: certificates, security settings, users
secure_config() {
  local home="$1" dist="$2"
  make_certificates "$home/config"
  cat >>"$home/config/opensearch.yml" <<'EOF'
plugins.security.ssl.transport.pemcert_filepath: node.pem
plugins.security.ssl.transport.pemkey_filepath: node-key.pem
plugins.security.ssl.transport.pemtrustedcas_filepath: root-ca.pem
plugins.security.ssl.transport.enforce_hostname_verification: false
plugins.security.ssl.http.enabled: true
plugins.security.ssl.http.pemcert_filepath: node.pem
plugins.security.ssl.http.pemkey_filepath: node-key.pem
plugins.security.ssl.http.pemtrustedcas_filepath: root-ca.pem
plugins.security.allow_default_init_securityindex: true
plugins.security.nodes_dn: ["CN=node,O=usage-delta test"]
plugins.security.authcz.admin_dn: ["CN=admin,O=usage-delta test"]
plugins.security.audit.type: noop
plugins.security.restapi.roles_enabled: ["all_access"]
plugins.security.system_indices.enabled: true
EOF
  local hash
  hash="$(OPENSEARCH_ADMIN_PASSWORD_FOR_HASH="$ADMIN_PASSWORD" \
    JAVA_HOME="$(find_java_home)" OPENSEARCH_JAVA_HOME="$(find_java_home)" \
    bash "$dist/plugins/opensearch-security/tools/hash.sh" -env OPENSEARCH_ADMIN_PASSWORD_FOR_HASH \
    2>/dev/null | tail -n 1)" || true
  [[ "$hash" == \$2* ]] || die "could not hash the admin password with the plugin's tools/hash.sh"
  cat >"$home/config/opensearch-security/internal_users.yml" <<EOF
_meta:
  type: "internalusers"
  config_version: 2
admin:
  hash: "$hash"
  reserved: true
  backend_roles: ["admin"]
  description: "usage-delta test admin"
EOF
  cp "$home/config/root-ca.pem" "$STATE/root-ca.pem"
}
