using System.Net;
using System.Security.Cryptography;

namespace ServerlessKomunitas.Abuse;

/// <summary>Who is calling, as a hash fit for a rate-limit key. IPv6 clients count per /64, as one household does.</summary>
public static class ClientAddress
{
    public static string HashOf(HttpRequest request, RateLimitOptions limits)
    {
        var address = request.HttpContext.Connection.RemoteIpAddress;
        if (limits.TrustForwardedFor && ForwardedBy(request, limits.ForwardedHops) is { } forwarded)
        {
            address = forwarded;
        }
        var key = address switch
        {
            null => "unknown",
            { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6, IsIPv4MappedToIPv6: false } =>
                Convert.ToHexString(address.GetAddressBytes()[..8]) + "/64",
            _ => address.MapToIPv4().ToString(),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("client:" + key)))[..32];
    }

    /// <summary>
    /// The client as our own front ends saw it: each proxy appends the address it was called from, so the entry
    /// <paramref name="hops"/> from the right is the one our nearest proxy wrote. Entries to its left were sent by the
    /// caller, who can write anything there. Null when the header is missing or that entry is not an address.
    /// </summary>
    static IPAddress? ForwardedBy(HttpRequest request, int hops)
    {
        var entries = request.Headers["X-Forwarded-For"].SelectMany(v => (v ?? "").Split(',')).Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        if (entries.Count == 0)
        {
            return null;
        }
        var entry = entries[Math.Max(0, entries.Count - hops)];
        // Azure's front ends may append the port: "203.0.113.7:51234".
        return IPEndPoint.TryParse(entry, out var endpoint) ? endpoint.Address : null;
    }
}
