namespace ServerlessKomunitas.Storage;

/// <summary>A person a row names: by key (a member), by address (a contact or coordinator who need not be a member), or by a one-way hash only.</summary>
public sealed record PersonReference(string? PersonKey, string? Email, string? Name, string? Hash = null)
{
    /// <summary>A member by person key; none for an empty or erased key.</summary>
    public static IEnumerable<PersonReference> ByKey(string? key) =>
        string.IsNullOrEmpty(key) || key.StartsWith("erased-", StringComparison.Ordinal) ? [] : [new(key, null, null)];

    public static IEnumerable<PersonReference> ByAddress(string? email, string? name) => string.IsNullOrEmpty(email) ? [] : [new(null, email, name)];

    public static IEnumerable<PersonReference> ByHash(string? hash) => string.IsNullOrEmpty(hash) ? [] : [new(null, null, null, hash)];
}

/// <summary>
/// What one table holds, declared by the feature that keeps it (<see cref="StorageFeature.AddTable"/>): whether it is
/// personal data, its categories as a breach notice names them, how a row names the people in it, and whether a forged
/// signed link reaches it (a person's export, a status page), which is what a leaked link-signing key exposes.
/// </summary>
public sealed record TableContents(string Table, bool Personal, IReadOnlyList<string> Categories, Func<TableEntity, IEnumerable<PersonReference>> People,
    bool OpenedByLink = false)
{
    /// <summary>A table that names nobody: reference data, published data, or ids and hashes that lead to no one.</summary>
    public static TableContents Impersonal(string table, string category) => new(table, false, [category], _ => []);
}
