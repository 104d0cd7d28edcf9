#!/bin/sh
# Makes the fixed test vectors in this directory with the openssl command line (run once with OpenSSL 3.0.19;
# the outputs are committed, the tests never run this script). Run it from this directory:  sh make-vectors.sh
#
#   ec-root.pem / ec-root-key.pem          EC P-256 root CA, self-signed
#   ec-intermediate.pem / -key.pem         EC P-256 intermediate CA issued by ec-root
#   ec-leaf-small-serial.pem / -key.pem    EC leaf from ec-intermediate, serial 0x0FFF ("FFF" in CertificateHashData)
#   ec-leaf-high-serial.pem / -key.pem     EC leaf from ec-intermediate, serial 0xFF00112233445566 (DER adds 0x00)
#   rsa-root.pem / rsa-leaf.pem (+ keys)   RSA 2048 root CA and a leaf it issued
#   hashdata.properties                    CertIDs printed by "openssl ocsp -req_text" for SHA256/384/512
#   station.csr / station-key.pem          PKCS#10 CSR, O=Example CPO, CN=CP-0001, SHA-256 with ECDSA
#   station-key-traditional.pem            the same key as "EC PRIVATE KEY" (SEC 1, OpenSSL's traditional form)
#   station-key-encrypted.pem              the same key as "ENCRYPTED PRIVATE KEY" (PKCS#8, AES-256-CBC), password
#                                          "secret"
#   rsa-leaf-key-traditional.pem           rsa-leaf-key.pem as "RSA PRIVATE KEY" (PKCS#1)
#   mfr-root.pem                           EC manufacturer root CA
#   fw-signer-ec.pem / fw-signer-rsa.pem   firmware signing certificates issued directly by mfr-root
#   firmware.bin                           256 KiB of deterministic bytes (AES-128-CTR keystream, zero key and IV)
#   firmware.ec.sig.b64                    SHA256withECDSA (DER) signature, Base64
#   firmware.rsa.sig.b64                   SHA256withRSA (PKCS#1 v1.5) signature, Base64
#   firmware.pss.sig.b64                   RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32, Base64
set -eu
DAYS=36500
rm -f ./*.pem ./*.csr ./*.srl ./*.b64 ./*.bin ./*.ext hashdata.properties

cat > ca.ext <<'X'
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
X
cat > leaf.ext <<'X'
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
X
cat > rsaleaf.ext <<'X'
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
X
cat > signer.ext <<'X'
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
X

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
rsa_key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
# issue <subject> <key> <issuer cert> <issuer key> <serial> <extfile> <out>
issue() {
  openssl req -new -key "$2" -subj "$1" -sha256 -out tmp.csr
  openssl x509 -req -in tmp.csr -CA "$3" -CAkey "$4" -set_serial "$5" -days $DAYS -sha256 -extfile "$6" -out "$7"
  rm -f tmp.csr
}
# root <subject> <key> <out>
root() {
  openssl req -x509 -new -key "$2" -subj "$1" -sha256 -days $DAYS -set_serial 0x01 \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$3"
}

ec_key ec-root-key.pem
root "/O=Vector Test/CN=Vector EC Root CA" ec-root-key.pem ec-root.pem
ec_key ec-intermediate-key.pem
issue "/O=Vector Test/CN=Vector EC Intermediate CA" ec-intermediate-key.pem ec-root.pem ec-root-key.pem \
  0x1234567890ABCDEF ca.ext ec-intermediate.pem
ec_key ec-leaf-small-serial-key.pem
issue "/O=Vector Test/CN=CP-SMALL" ec-leaf-small-serial-key.pem ec-intermediate.pem ec-intermediate-key.pem \
  0x0FFF leaf.ext ec-leaf-small-serial.pem
ec_key ec-leaf-high-serial-key.pem
issue "/O=Vector Test/CN=CP-HIGH" ec-leaf-high-serial-key.pem ec-intermediate.pem ec-intermediate-key.pem \
  0xFF00112233445566 leaf.ext ec-leaf-high-serial.pem

rsa_key rsa-root-key.pem
root "/O=Vector Test/CN=Vector RSA Root CA" rsa-root-key.pem rsa-root.pem
rsa_key rsa-leaf-key.pem
issue "/O=Vector Test/CN=CP-RSA" rsa-leaf-key.pem rsa-root.pem rsa-root-key.pem 0x00A1B2C3 rsaleaf.ext rsa-leaf.pem

# hashdata.properties: <name>.<alg>.{issuerNameHash,issuerKeyHash,serialNumber} exactly as openssl prints them.
certid() { # <name> <issuer> <cert>
  for alg in sha256 sha384 sha512; do
    # openssl wraps long hashes with a trailing backslash; sed joins those lines again.
    openssl ocsp -$alg -issuer "$2" -cert "$3" -req_text -no_nonce | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
      awk -v p="$1.$alg" '
      /Issuer Name Hash:/ { print p ".issuerNameHash=" $4 }
      /Issuer Key Hash:/  { print p ".issuerKeyHash=" $4 }
      /Serial Number:/    { print p ".serialNumber=" $3 }' >> hashdata.properties
  done
}
echo "# Made by make-vectors.sh from 'openssl ocsp -<alg> -issuer I -cert C -req_text -no_nonce'." > hashdata.properties
certid leafSmall ec-intermediate.pem ec-leaf-small-serial.pem
certid leafHigh ec-intermediate.pem ec-leaf-high-serial.pem
certid intermediate ec-root.pem ec-intermediate.pem
certid ecRoot ec-root.pem ec-root.pem
certid rsaLeaf rsa-root.pem rsa-leaf.pem
certid rsaRoot rsa-root.pem rsa-root.pem

ec_key station-key.pem
openssl req -new -key station-key.pem -subj "/O=Example CPO/CN=CP-0001" -sha256 -out station.csr
openssl ec -in station-key.pem -out station-key-traditional.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret -in station-key.pem -out station-key-encrypted.pem
openssl rsa -traditional -in rsa-leaf-key.pem -out rsa-leaf-key-traditional.pem

ec_key mfr-root-key.pem
root "/O=Vector Manufacturer/CN=Vector Firmware Root CA" mfr-root-key.pem mfr-root.pem
ec_key fw-signer-ec-key.pem
issue "/O=Vector Manufacturer/CN=Firmware Signer EC" fw-signer-ec-key.pem mfr-root.pem mfr-root-key.pem \
  0x0A01 signer.ext fw-signer-ec.pem
rsa_key fw-signer-rsa-key.pem
issue "/O=Vector Manufacturer/CN=Firmware Signer RSA" fw-signer-rsa-key.pem mfr-root.pem mfr-root-key.pem \
  0x0A02 signer.ext fw-signer-rsa.pem

head -c 262144 /dev/zero | openssl enc -aes-128-ctr -K 00000000000000000000000000000000 \
  -iv 00000000000000000000000000000000 -nosalt -out firmware.bin
openssl dgst -sha256 -sign fw-signer-ec-key.pem -out sig.bin firmware.bin
openssl base64 -A -in sig.bin -out firmware.ec.sig.b64
openssl dgst -sha256 -sign fw-signer-rsa-key.pem -out sig.bin firmware.bin
openssl base64 -A -in sig.bin -out firmware.rsa.sig.b64
openssl dgst -sha256 -sign fw-signer-rsa-key.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 \
  -sigopt rsa_mgf1_md:sha256 -out sig.bin firmware.bin
openssl base64 -A -in sig.bin -out firmware.pss.sig.b64
rm -f sig.bin ./*.ext ./*.srl
