#!/bin/sh
# Before `azd provision`: values that must be made once per azd environment and then kept.
set -eu

# The Key Vault name's suffix. Deleted vault names stay reserved for 30 days (purge protection), so `azd down` then
# `azd up` needs a new name; a suffix made once and kept here gives each environment its own, stable name.
if [ -z "${KOMUNITAS_KEY_VAULT_SUFFIX:-}" ]; then
  suffix="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
  azd env set KOMUNITAS_KEY_VAULT_SUFFIX "$suffix"
  echo "Key Vault name suffix for this environment: $suffix (kept in the azd environment)."
fi

if [ -z "${KOMUNITAS_EMAIL_FROM:-}" ]; then
  echo "Set the sender of every email first: azd env set KOMUNITAS_EMAIL_FROM noreply@your-domain" >&2
  exit 1
fi
