#!/bin/sh
# After `azd provision`: put the secrets into Key Vault (never into the template) and load the reference data.
# azd exports the environment's values (its outputs and everything set with `azd env set`) to this script.
# Needs the Azure CLI (az, signed in as the same user as azd), openssl and the .NET 10 SDK.
set -eu

: "${AZURE_KEY_VAULT_NAME:?run azd provision first}"
: "${AZURE_STORAGE_TABLE_ENDPOINT:?run azd provision first}"
link_key_id="${AZURE_LINK_ACTIVE_KEY_ID:-k1}"

secret_exists() {
  az keyvault secret show --vault-name "$AZURE_KEY_VAULT_NAME" --name "$1" --query id -o tsv >/dev/null 2>&1
}

# The SendGrid API key: from `azd env set SENDGRID_API_KEY <key>`, stored once (set it again to replace it).
if [ -n "${SENDGRID_API_KEY:-}" ]; then
  az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name SendGridApiKey --value "$SENDGRID_API_KEY" --output none
  echo "Stored SendGridApiKey in $AZURE_KEY_VAULT_NAME."
elif ! secret_exists SendGridApiKey; then
  echo "WARNING: no SendGrid key yet. Run: azd env set SENDGRID_API_KEY <key> && azd provision" >&2
fi

# The link-signing key for the active key id: 32 random bytes, created once; rotation adds a new id.
if ! secret_exists "LinkKey-$link_key_id"; then
  az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name "LinkKey-$link_key_id" \
    --value "$(openssl rand -base64 32)" --output none
  echo "Created LinkKey-$link_key_id in $AZURE_KEY_VAULT_NAME."
fi

# Regions, time zones and coordinators (no sample communities), with the deployer's own sign-in.
AzureWebJobsStorage__tableServiceUri="$AZURE_STORAGE_TABLE_ENDPOINT" \
  dotnet run --project functions/ServerlessKomunitas.Local -c Release -- seed --reference-only
