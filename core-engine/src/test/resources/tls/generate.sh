#!/bin/sh
# Regenerates the test-only certificates and keys of this directory (see README.md). Needs openssl 1.1.1 or newer.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days=36500

# $1: name, $2: subject, $3: issuer's name (or "self"), $4: extensions
issue() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"
  printf '%s\n' "$4" > "$tmp/$1.ext"
  if [ "$3" = self ]; then
    printf '[req]\ndistinguished_name=dn\n[dn]\n[v3]\n%s\n' "$4" > "$tmp/$1.cnf"
    openssl req -new -x509 -key "$1.key" -subj "$2" -days $days -sha256 -extensions v3 \
      -config "$tmp/$1.cnf" -out "$1.pem"
  else
    openssl req -new -key "$1.key" -subj "$2" -out "$tmp/$1.csr"
    openssl x509 -req -in "$tmp/$1.csr" -CA "$3.pem" -CAkey "$tmp/$3.key" -CAcreateserial \
      -CAserial "$tmp/$3.srl" -days $days -sha256 -extfile "$tmp/$1.ext" -out "$1.pem"
  fi
}

ca='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign'
issue ca "/CN=Reprise Test CA" self "$ca"
issue rogue-ca "/CN=Reprise Rogue Test CA" self "$ca"
# The CAs' keys are not kept: nothing else is signed with them.
mv ca.key "$tmp/ca.key"
mv rogue-ca.key "$tmp/rogue-ca.key"

issue server "/CN=localhost" ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
issue client "/CN=reprise-test-worker" ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth'
issue rogue-client "/CN=reprise-rogue-worker" rogue-ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth'
