// ServerlessKomunitas on Azure: `azd up` provisions this, then deploys the Functions app into it.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it makes every resource name unique.')
param environmentName string

@minLength(1)
@description('Region for every resource: Indonesia Central where Flex Consumption offers .NET 10, otherwise Southeast Asia.')
@metadata({ azd: { type: 'location' } })
param location string

@description('The person running azd (set by azd): may set the Key Vault secrets and load the seeds.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

// An empty sender would pass provisioning and then stop the app at start (its options refuse it): refuse it here.
@minLength(3)
@description('Sender of every email; its domain must be authenticated in SendGrid (SPF/DKIM). Set with: azd env set KOMUNITAS_EMAIL_FROM <address>')
param emailFrom string

param emailFromName string = 'Jaringan Komunitas Kreatif'

@description('SendGrid Event Webhook verification key (Settings > Mail Settings > Signed Event Webhook). Empty: the webhook answers 404.')
param sendGridWebhookPublicKey string = ''

@description('Public address of the app, for links in emails. Empty: the app\'s azurewebsites.net address.')
param publicBaseUrl string = ''

@description('Key id that signs new links; its secret is LinkKey-<id> in Key Vault.')
param linkActiveKeyId string = 'k1'

@description('A retired key id whose links are still accepted until they expire; empty for none.')
param linkPreviousKeyId string = ''

@description('Twilio account SID (AC...) for WhatsApp; empty: WhatsApp is off. Its auth token goes into Key Vault (TwilioAuthToken) from the postprovision hook.')
param twilioAccountSid string = ''

@description('The Twilio Messaging Service (MG...) whose WhatsApp sender sends every message.')
param twilioMessagingServiceSid string = ''

@description('Each WhatsApp template\'s Content SID, as Twilio\'s Content Template Builder gives it: "name=HX...;name=HX..." (README, "WhatsApp through Twilio").')
param whatsAppContentSids string = ''

@description('Where the failure alert goes; empty for no alert.')
param alertEmail string = ''

// Every name can be overridden; by default it is derived from the environment.
param resourceGroupName string = ''
param functionAppName string = ''
param appServicePlanName string = ''
param storageAccountName string = ''
param keyVaultName string = ''
param identityName string = ''
param logAnalyticsName string = ''
param applicationInsightsName string = ''
param taskHubName string = 'komunitas'

// The vault keeps deleted names for 30 days (purge protection), so a name derived only from the environment could not
// be used again after `azd down`. The preprovision hook makes this suffix once and keeps it in the azd environment.
@minLength(4)
@maxLength(6)
@description('Random suffix of the Key Vault name, made once per azd environment by the preprovision hook.')
param keyVaultSuffix string

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var appName = !empty(functionAppName) ? functionAppName : 'func-komunitas-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: !empty(logAnalyticsName) ? logAnalyticsName : 'log-${resourceToken}'
    applicationInsightsName: !empty(applicationInsightsName) ? applicationInsightsName : 'appi-${resourceToken}'
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: !empty(identityName) ? identityName : 'id-komunitas-${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: !empty(storageAccountName) ? storageAccountName : 'st${resourceToken}'
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: !empty(keyVaultName) ? keyVaultName : 'kv-${take(resourceToken, 12)}-${keyVaultSuffix}'
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module functions 'modules/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    location: location
    tags: tags
    name: appName
    planName: !empty(appServicePlanName) ? appServicePlanName : 'plan-${resourceToken}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultName: keyVault.outputs.name
    taskHubName: taskHubName
    emailFrom: emailFrom
    emailFromName: emailFromName
    sendGridWebhookPublicKey: sendGridWebhookPublicKey
    publicBaseUrl: !empty(publicBaseUrl) ? publicBaseUrl : 'https://${appName}.azurewebsites.net'
    linkActiveKeyId: linkActiveKeyId
    linkPreviousKeyId: linkPreviousKeyId
    twilioAccountSid: twilioAccountSid
    twilioMessagingServiceSid: twilioMessagingServiceSid
    whatsAppContentSids: whatsAppContentSids
  }
  dependsOn: [ rbac ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'alert-approvals-failing-${resourceToken}'
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
  }
}

// Read by azd, the post-provision hook and the seed command.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output SERVICE_API_NAME string = functions.outputs.name
output SERVICE_API_URI string = 'https://${functions.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_LINK_ACTIVE_KEY_ID string = linkActiveKeyId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
