using System.Security.Cryptography;

namespace ServerlessKomunitas.Storage;

/// <summary>Random, unguessable record ids: 128 bits in 26 lower-case Crockford base32 characters.</summary>
public static class RecordId
{
    const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    public const int Length = 26;

    public static string New() => Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>A stable id derived from a seed, for records that must come out the same on every load.</summary>
    public static string FromSeed(string seed) => Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)).AsSpan()[..16]);

    public static bool IsWellFormed(string? id) => id is { Length: Length } && id.All(c => Alphabet.Contains(c));

    static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[Length];
        var buffer = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(buffer & 31)];
            buffer >>= 5;
        }
        return new string(chars);
    }
}
