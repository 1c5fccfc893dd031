#!/bin/sh
# After `azd provision`: put the secrets into Key Vault (never into the template) and load the reference data.
# azd exports the environment's values (its outputs and everything set with `azd env set`) to this script.
# Needs the Azure CLI (az, signed in as the same user as azd), openssl and the .NET 10 SDK.
set -eu

: "${AZURE_KEY_VAULT_NAME:?run azd provision first}"
: "${AZURE_STORAGE_TABLE_ENDPOINT:?run azd provision first}"
link_key_id="${AZURE_LINK_ACTIVE_KEY_ID:-k1}"

# Role assignments made by this provision take minutes to reach every service: a 403 now may be a 200 soon. Each step
# that needs a role is retried for up to five minutes (KOMUNITAS_ROLE_WAIT_SECONDS) before the hook gives up.
with_role_retry() {
  deadline=$(( $(date +%s) + ${KOMUNITAS_ROLE_WAIT_SECONDS:-300} ))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "Still failing after waiting for role assignments to propagate: $*" >&2
      return 1
    fi
    echo "Waiting for role assignments to propagate, then retrying: $1 ..." >&2
    sleep "${KOMUNITAS_ROLE_RETRY_SECONDS:-15}"
  done
}

secret_exists() {
  az keyvault secret show --vault-name "$AZURE_KEY_VAULT_NAME" --name "$1" --query id -o tsv >/dev/null 2>&1
}

# The SendGrid API key: from `azd env set SENDGRID_API_KEY <key>`, stored once (set it again to replace it).
if [ -n "${SENDGRID_API_KEY:-}" ]; then
  with_role_retry az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name SendGridApiKey --value "$SENDGRID_API_KEY" --output none
  echo "Stored SendGridApiKey in $AZURE_KEY_VAULT_NAME."
elif ! secret_exists SendGridApiKey; then
  echo "WARNING: no SendGrid key yet. Run: azd env set SENDGRID_API_KEY <key> && azd provision" >&2
fi

# The Twilio auth token for WhatsApp: from `azd env set TWILIO_AUTH_TOKEN <token>`, stored once (set it again to
# replace it). Only asked for when WhatsApp is on (TWILIO_ACCOUNT_SID set).
if [ -n "${TWILIO_AUTH_TOKEN:-}" ]; then
  with_role_retry az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name TwilioAuthToken --value "$TWILIO_AUTH_TOKEN" --output none
  echo "Stored TwilioAuthToken in $AZURE_KEY_VAULT_NAME."
elif [ -n "${TWILIO_ACCOUNT_SID:-}" ] && ! secret_exists TwilioAuthToken; then
  echo "WARNING: WhatsApp is on but has no Twilio auth token yet. Run: azd env set TWILIO_AUTH_TOKEN <token> && azd provision" >&2
fi

# The link-signing key for the active key id: 32 random bytes, created once; rotation adds a new id.
if ! secret_exists "LinkKey-$link_key_id"; then
  with_role_retry az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name "LinkKey-$link_key_id" \
    --value "$(openssl rand -base64 32)" --output none
  echo "Created LinkKey-$link_key_id in $AZURE_KEY_VAULT_NAME."
fi

# Regions, time zones and coordinators (no sample communities), with the deployer's own sign-in. The app creates its
# tables itself; the seeder creates the ones it writes too, so it works before the app has ever started.
seed() {
  AzureWebJobsStorage__tableServiceUri="$AZURE_STORAGE_TABLE_ENDPOINT" \
    dotnet run --project functions/ServerlessKomunitas.Local -c Release -- seed --reference-only
}
with_role_retry seed

# The app was created before the secrets above existed, and App Service re-reads a Key Vault reference that did not
# resolve only after 24 hours or a change: ask it to resolve them now (the config-references refresh API).
if [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ]; then
  subscription="${AZURE_SUBSCRIPTION_ID:-$(az account show --query id -o tsv)}"
  with_role_retry az rest --method post --output none \
    --url "/subscriptions/$subscription/resourceGroups/$AZURE_RESOURCE_GROUP/providers/Microsoft.Web/sites/$AZURE_FUNCTION_APP_NAME/config/configreferences/appsettings/refresh?api-version=2022-03-01"
  echo "Asked $AZURE_FUNCTION_APP_NAME to resolve its Key Vault references again."
fi
