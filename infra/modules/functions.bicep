// The Functions app on Flex Consumption: .NET 10 isolated, identity-based storage, secrets from Key Vault, and
// one always-ready instance for the durable group, as Durable Functions advises on Flex Consumption.
param location string
param tags object
param name string
param planName string
param serviceName string = 'api'
param identityId string
param identityClientId string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string
param keyVaultName string
param taskHubName string
param emailFrom string
param emailFromName string
param sendGridWebhookPublicKey string
param publicBaseUrl string
param linkActiveKeyId string
@description('A retired link-signing key id still accepted until its links expire; empty for none.')
param linkPreviousKeyId string = ''
@description('Twilio account SID for WhatsApp; empty leaves WhatsApp off (no WhatsApp settings at all).')
param twilioAccountSid string = ''
param twilioMessagingServiceSid string = ''
@description('"template=HX...;template=HX...": one WhatsApp:ContentSids setting per template.')
param whatsAppContentSids string = ''
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100

var secret = 'VaultName=${keyVaultName};SecretName='

// WhatsApp through Twilio: the account and Messaging Service SIDs and each template's Content SID as plain settings
// (identifiers, not secrets), the auth token as a Key Vault reference. The app refuses to start with a partial set,
// naming what is missing, so an account without every template's SID shows at the first start.
var whatsAppContentSidSettings = [for pair in (empty(whatsAppContentSids) ? [] : split(whatsAppContentSids, ';')): {
  name: 'WhatsApp__ContentSids__${trim(split(pair, '=')[0])}'
  value: trim(last(split(pair, '=')))
}]
var whatsAppSettings = empty(twilioAccountSid) ? [] : concat([
  { name: 'WhatsApp__AccountSid', value: twilioAccountSid }
  { name: 'WhatsApp__MessagingServiceSid', value: twilioMessagingServiceSid }
  { name: 'WhatsApp__AuthToken', value: '@Microsoft.KeyVault(${secret}TwilioAuthToken)' }
], whatsAppContentSidSettings)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: [
          { name: 'durable', instanceCount: 1 }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        // Storage for the Functions host, the Durable backend and the app's own tables: identity, no keys.
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storageBlobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storageQueueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storageTableEndpoint }
        { name: 'TaskHubName', value: taskHubName }
        // The site's home page is /api/beranda; the host's own placeholder page at / is off.
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        // Telemetry, authenticated with the app's identity.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // The app's own settings, named as in the Local host.
        { name: 'PublicBaseUrl', value: publicBaseUrl }
        { name: 'Email__From', value: emailFrom }
        { name: 'Email__FromName', value: emailFromName }
        { name: 'Email__WebhookPublicKey', value: sendGridWebhookPublicKey }
        { name: 'Email__SendGridApiKey', value: '@Microsoft.KeyVault(${secret}SendGridApiKey)' }
        { name: 'Links__ActiveKeyId', value: linkActiveKeyId }
        { name: 'Links__Keys__${linkActiveKeyId}', value: '@Microsoft.KeyVault(${secret}LinkKey-${linkActiveKeyId})' }
        // Azure's front ends set X-Forwarded-For; the per-client limit reads the client from it.
        { name: 'RateLimits__TrustForwardedFor', value: 'true' }
        // Scheduled jobs (NCRONTAB, UTC): hourly, each sends what is due at 09.00 in the reader's zone.
        { name: 'MemberDigestSchedule', value: '0 5 * * * *' }
        { name: 'WeeklyChallengeSchedule', value: '0 10 * * * *' }
        { name: 'EventRemindersSchedule', value: '0 15 * * * *' }
        { name: 'ReengagementSchedule', value: '0 20 * * * *' }
        { name: 'RecognitionSchedule', value: '0 25 * * * *' }
        { name: 'PrivacySchedule', value: '0 35 * * * *' }
        { name: 'ApproverDigestSchedule', value: '0 40 * * * *' }
        { name: 'MapRebuildSchedule', value: '0 50 19 * * *' }
        { name: 'DirectoryInvitationsSchedule', value: '0 45 * * * *' }
      ], empty(linkPreviousKeyId) ? [] : [
        { name: 'Links__Keys__${linkPreviousKeyId}', value: '@Microsoft.KeyVault(${secret}LinkKey-${linkPreviousKeyId})' }
      ], whatsAppSettings)
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
