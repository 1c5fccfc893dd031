// One alert: failed orchestrations or failed email sends above a threshold in 15 minutes, to an email address.
param location string
param tags object
param name string
param applicationInsightsId string
param alertEmail string
param threshold int = 5

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${name}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'komunitas'
    enabled: true
    emailReceivers: [
      { name: 'operator', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

resource approvalsFailing 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = if (!empty(alertEmail)) {
  name: name
  location: location
  tags: tags
  properties: {
    displayName: 'Approvals or emails failing'
    description: 'Failed orchestrations or failed email sends in the last 15 minutes.'
    severity: 2
    enabled: true
    scopes: [ applicationInsightsId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          // EmailSendFailed and WorkflowFailed are the event names the app logs (Core/Telemetry/AppEvents.cs).
          query: 'union traces, exceptions | where tostring(customDimensions.EventName) in ("EmailSendFailed", "WorkflowFailed") or message has "Orchestration failed" | summarize failures = count()'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failures'
          operator: 'GreaterThan'
          threshold: threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [ actionGroup.id ]
    }
  }
}
