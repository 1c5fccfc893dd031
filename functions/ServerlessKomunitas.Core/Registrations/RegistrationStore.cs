namespace ServerlessKomunitas.Registrations;

/// <summary>Reads and writes registration rows. Every change of status is ETag-conditional.</summary>
public sealed class RegistrationStore(KomunitasTables tables, IRecordChangeObserver? changes = null)
    : RecordStore<Registration>(tables, TableName, Registration.Row, changes)
{
    /// <summary>The table this store keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Registrations";
}
