namespace ServerlessKomunitas.Hosting;

/// <summary>A file compiled into the Core assembly, read once. Both hosts serve it from here.</summary>
public sealed class EmbeddedFile(string logicalName)
{
    readonly Lazy<byte[]> content = new(() =>
    {
        using var stream = typeof(EmbeddedFile).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"{logicalName} is not embedded in the Core assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public byte[] Bytes => content.Value;
}
