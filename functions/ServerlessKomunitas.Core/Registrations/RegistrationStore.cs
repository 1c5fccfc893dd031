using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Registrations;

/// <summary>Reads and writes registration rows. Every change of status is ETag-conditional.</summary>
public sealed class RegistrationStore(KomunitasTables tables) : RecordStore<Registration>(tables.Registrations, Registration.Row);
